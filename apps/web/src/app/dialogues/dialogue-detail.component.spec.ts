import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { MeView } from '@suivi/contracts';
import { loginResponse, meView, secretariatMe, settle, textOf } from '../../testing/accounts';
import { dialogueView } from '../../testing/curation';
import { translocoTesting } from '../../testing/i18n-testing';
import { authInterceptor } from '../core/auth/auth.interceptor';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { DialogueDetailComponent } from './dialogue-detail.component';

describe(DialogueDetailComponent.name, () => {
  let http: HttpTestingController;

  async function open(me: MeView | null): Promise<HTMLElement> {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [DialogueDetailComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use('en');
    http = TestBed.inject(HttpTestingController);
    if (me) {
      TestBed.inject(AuthService).start(loginResponse(me));
    }
    const fixture = TestBed.createComponent(DialogueDetailComponent);
    fixture.componentRef.setInput('id', 'd1');
    fixture.detectChanges();
    http.expectOne('/api/dialogues/d1').flush(dialogueView());
    http.expectOne((r) => r.url === '/api/recommendations').flush([]);
    await settle();
    fixture.detectChanges();
    await settle();
    http.match('/api/me/follows').forEach((r) => r.flush([]));
    http.expectOne('/api/dialogues/d1/rounds').flush([]);
    await settle();
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  afterEach(() => http.verify());

  it('offers the secretariat to edit the dialogue, to add a recommendation or a commitment to it, and to open a round', async () => {
    const el = await open(secretariatMe());
    const links = [...el.querySelectorAll<HTMLAnchorElement>('.curation-links a')].map((a) => [textOf(a), a.getAttribute('href')]);
    expect(links).toEqual([
      ['Edit the dialogue', '/dialogues/d1/edit'],
      ['Add a recommendation', '/dialogues/d1/recommendations/new'],
      ['New commitment', '/commitments/new?dialogue=d1'],
      // In the reporting rounds' section.
      ['Open a round', '/dialogues/d1/rounds/new'],
    ]);
  });

  it.each([
    ['a member', meView()],
    ['the public', null],
  ])('offers %s no curation', async (_who, me) => {
    const el = await open(me);
    expect(textOf(el.querySelector('h1'))).toBe('Bamako roundtable on organised crime');
    expect(el.querySelector('.curation-links')).toBeNull();
  });
});
