import { TestBed } from '@angular/core/testing';
import { THREAD_VISIBILITIES, type ThreadVisibility } from '@suivi/contracts';
import { textOf } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { LanguageService } from '../core/language.service';
import { ThreadAudienceComponent } from './thread-audience.component';

describe(ThreadAudienceComponent.name, () => {
  async function render(visibility: ThreadVisibility, detail: 'short' | 'full', lang: 'en' | 'fr'): Promise<string> {
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({ imports: [ThreadAudienceComponent, translocoTesting()] });
    await TestBed.inject(LanguageService).use(lang);
    const fixture = TestBed.createComponent(ThreadAudienceComponent);
    fixture.componentRef.setInput('visibility', visibility);
    fixture.componentRef.setInput('detail', detail);
    fixture.detectChanges();
    await fixture.whenStable();
    return textOf(fixture.nativeElement as HTMLElement);
  }

  it('says who can read every kind of thread, in both languages, in a line and in full', async () => {
    for (const visibility of THREAD_VISIBILITIES) {
      for (const lang of ['en', 'fr'] as const) {
        const short = await render(visibility, 'short', lang);
        const full = await render(visibility, 'full', lang);
        expect({ visibility, lang, short, full }).toEqual({
          visibility,
          lang,
          short: expect.stringMatching(lang === 'en' ? /^Who can read: \S/ : /^Qui peut lire : \S/),
          full: expect.not.stringContaining('discussion.audience'),
        });
        expect(full.length).toBeGreaterThan(short.length);
      }
    }
  });

  it('says of the civil-society safe space that the secretariat reads and moderates it, seeing pseudonyms only, and that it is not open data', async () => {
    expect(await render('group:civil_society', 'full', 'en')).toBe(
      'Who can read: A safe space for civil society: only members of civil-society organisations can read and write here — and the ' +
        'secretariat, which can read everything here in order to moderate it. Of a message posted under a pseudonym, the secretariat ' +
        'sees only the pseudonym, never who wrote it. The government, international partners, academia, the media and the public ' +
        'cannot read it, and it is not part of the open data.',
    );
    const fr = await render('group:civil_society', 'full', 'fr');
    expect(fr).toContain('le secrétariat, qui peut tout y lire pour le modérer');
    expect(fr).toContain('le secrétariat ne voit que le pseudonyme, jamais qui l’a écrit');
    expect(await render('group:civil_society', 'short', 'en')).toBe(
      'Who can read: civil-society members only (the secretariat moderates).',
    );
  });
});
