import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { AppInfoView } from '@suivi/contracts';
import { translocoTesting } from '../testing/i18n-testing';
import { App } from './app';
import { LanguageService } from './core/language.service';

describe(App.name, () => {
  let fixture: ComponentFixture<App>;
  let http: HttpTestingController;
  let el: HTMLElement;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [App, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use('en');
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(App);
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  function answerInfo(info: AppInfoView): Promise<void> {
    http.expectOne('/api/info').flush(info);
    return fixture.whenStable();
  }

  it('has a skip link, the app name, the navigation and the landmarks', async () => {
    await answerInfo({ demo: false, version: '1.0.0' });

    expect(el.querySelector('.skip-link')?.textContent?.trim()).toBe('Skip to main content');
    expect(el.querySelector('header .brand')?.textContent?.trim()).toBe('Suivi');
    const links = [...el.querySelectorAll('nav a')].map((a) => a.textContent?.trim());
    expect(links).toEqual(['Dashboard', 'Commitments', 'Dialogues']);
    expect(el.querySelector('main#main')).not.toBeNull();
    expect(el.querySelector('footer')).not.toBeNull();
    expect(el.querySelector('.demo-banner')).toBeNull();
  });

  it('says so when the data is the invented demo', async () => {
    await answerInfo({ demo: true, version: '1.0.0' });

    expect(el.querySelector('.demo-banner')?.textContent).toContain('invented for illustration');
  });

  it('switches the whole shell to French from the header', async () => {
    await answerInfo({ demo: true, version: '1.0.0' });
    const [en, fr] = [...el.querySelectorAll<HTMLButtonElement>('.lang-switch button')];
    expect(en.getAttribute('aria-pressed')).toBe('true');

    fr.click();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();

    expect(fr.getAttribute('aria-pressed')).toBe('true');
    expect(en.getAttribute('aria-pressed')).toBe('false');
    expect(document.documentElement.lang).toBe('fr');
    expect(el.querySelector('nav a')?.textContent?.trim()).toBe('Tableau de bord');
    expect(el.querySelector('.demo-banner')?.textContent).toContain('inventés pour l’illustration');
  });
});
