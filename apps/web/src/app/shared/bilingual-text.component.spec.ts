import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { Bilingual } from '@suivi/contracts';
import { translocoTesting } from '../../testing/i18n-testing';
import { LanguageService } from '../core/language.service';
import { BilingualTextComponent } from './bilingual-text.component';

describe(BilingualTextComponent.name, () => {
  let fixture: ComponentFixture<BilingualTextComponent>;
  let language: LanguageService;

  async function render(value: Bilingual): Promise<HTMLElement> {
    fixture.componentRef.setInput('value', value);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({ imports: [translocoTesting(), BilingualTextComponent] });
    language = TestBed.inject(LanguageService);
    await language.use('en');
    fixture = TestBed.createComponent(BilingualTextComponent);
  });

  it('shows the reader’s language without a badge', async () => {
    const el = await render({ en: 'Public debate', fr: 'Débat public' });

    expect(el.querySelector('[lang="en"]')?.textContent).toBe('Public debate');
    expect(el.querySelector('.lang-badge')).toBeNull();
  });

  it('marks text shown in French to an English reader', async () => {
    const el = await render({ fr: 'Débat public' });

    const text = el.querySelector('span[lang="fr"]:not(.lang-badge)');
    expect(text?.textContent).toBe('Débat public');
    const badge = el.querySelector('.lang-badge');
    expect(badge?.getAttribute('lang')).toBe('fr');
    expect(badge?.querySelector('[aria-hidden="true"]')?.textContent?.trim()).toBe('FR');
    expect(badge?.querySelector('.visually-hidden')?.textContent?.trim()).toBe('shown in French: translation missing');
  });

  it('marks text shown in English to a French reader, in French', async () => {
    await language.use('fr');
    const el = await render({ en: 'Public debate' });

    expect(el.querySelector('span[lang="en"]:not(.lang-badge)')?.textContent).toBe('Public debate');
    expect(el.querySelector('.lang-badge [aria-hidden="true"]')?.textContent?.trim()).toBe('EN');
    expect(el.querySelector('.lang-badge .visually-hidden')?.textContent?.trim()).toBe('affiché en anglais\u00a0: traduction manquante');
  });

  it('drops the badge when the reader switches to the text’s language', async () => {
    const el = await render({ fr: 'Débat public' });
    expect(el.querySelector('.lang-badge')).not.toBeNull();

    await language.use('fr');
    await fixture.whenStable();

    expect(el.querySelector('.lang-badge')).toBeNull();
  });
});
