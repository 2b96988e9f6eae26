import { HttpErrorResponse } from '@angular/common/http';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { THREAD_VISIBILITIES } from '@suivi/contracts';
import { translations, translocoTesting } from '../../testing/i18n-testing';
import { LanguageService } from '../core/language.service';
import { type Refusal, RefusalComponent, type RefusalAudience, audienceKey, refusalOf } from './refusal.component';

const refused = (status: number, audience?: string) =>
  // As a resource hands it over: Angular wraps the HttpErrorResponse in an Error with a cause.
  new Error('resource failed', {
    cause: new HttpErrorResponse({ status, error: { statusCode: status, error: 'x', message: 'x', ...(audience ? { audience } : {}) } }),
  });

describe('refusalOf', () => {
  it('asks a visitor to sign in, naming who reads the thread', () => {
    expect(refusalOf(refused(401, 'group:civil_society'), null)).toEqual({ kind: 'signIn', audience: 'group:civil_society' });
  });

  it('tells a member of another group who the space is for', () => {
    expect(refusalOf(refused(403, 'group:civil_society'), { status: 'active' })).toEqual({
      kind: 'audience',
      audience: 'group:civil_society',
    });
  });

  it('sends a pending account to its account page', () => {
    expect(refusalOf(refused(403, 'participants'), { status: 'pending' })?.kind).toBe('pending');
  });

  it('says "not for your account" when the API names no audience, and ignores an audience it does not know', () => {
    expect(refusalOf(refused(403), { status: 'active' })).toEqual({ kind: 'other', audience: null });
    expect(refusalOf(refused(403, 'public'), { status: 'active' })).toEqual({ kind: 'other', audience: null });
  });

  it('reads the error vocabulary: the code says which refusal, params.audience who reads', () => {
    const coded = (status: number, code: string, params: Record<string, string> = {}) =>
      new Error('resource failed', {
        cause: new HttpErrorResponse({ status, error: { statusCode: status, error: 'x', message: 'x', code, params } }),
      });
    expect(refusalOf(coded(401, 'not_signed_in'), null)).toEqual({ kind: 'signIn', audience: null });
    expect(refusalOf(coded(401, 'not_signed_in', { audience: 'participants' }), null)).toEqual({
      kind: 'signIn',
      audience: 'participants',
    });
    expect(refusalOf(coded(403, 'thread_audience', { audience: 'group:media' }), { status: 'active' })).toEqual({
      kind: 'audience',
      audience: 'group:media',
    });
    // Another refusal names no audience, even if one travels beside it.
    expect(refusalOf(coded(403, 'forbidden', { audience: 'group:media' }), { status: 'active' })).toEqual({
      kind: 'other',
      audience: 'group:media',
    });
    expect(refusalOf(coded(403, 'account_suspended'), { status: 'active' })).toEqual({ kind: 'other', audience: null });
    expect(refusalOf(coded(403, 'thread_audience', { audience: 'group:nobody' }), { status: 'active' })).toEqual({
      kind: 'other',
      audience: null,
    });
  });

  it('leaves other errors to the generic message', () => {
    expect(refusalOf(refused(500), null)).toBeNull();
    expect(refusalOf(refused(0), null)).toBeNull();
  });

  it('has a title and a readers line in both languages for every restricted visibility', () => {
    const keys = THREAD_VISIBILITIES.filter((v) => v !== 'public').map((v) => audienceKey(v as RefusalAudience));
    for (const lang of [translations.en, translations.fr]) {
      const audience = (lang['refusal'] as Record<string, Record<string, Record<string, string>>>)['audience'];
      expect(keys.filter((k) => !audience[k]?.title || !audience[k]?.readers)).toEqual([]);
    }
  });
});

describe(RefusalComponent.name, () => {
  let fixture: ComponentFixture<RefusalComponent>;

  async function render(refusal: Refusal, lang: 'en' | 'fr' = 'en'): Promise<HTMLElement> {
    await TestBed.inject(LanguageService).use(lang);
    fixture.componentRef.setInput('refusal', refusal);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ imports: [translocoTesting(), RefusalComponent], providers: [provideRouter([])] });
    fixture = TestBed.createComponent(RefusalComponent);
  });

  it('offers a sign-in that comes back here, and says who reads the space', async () => {
    const el = await render({ kind: 'signIn', audience: 'group:civil_society' });

    expect(el.querySelector('h1')?.textContent?.trim()).toBe('Sign in to read this page');
    expect(el.textContent).toContain('Only members of civil-society organisations, and the secretariat, can read it.');
    expect(el.querySelector('a[href^="/sign-in"]')?.getAttribute('href')).toBe('/sign-in?returnUrl=%2F');
    expect(el.querySelector('a[href="/register"]')).not.toBeNull();
  });

  it('names the audience to a member of another group, in French, and how to join', async () => {
    const el = await render({ kind: 'audience', audience: 'group:civil_society' }, 'fr');

    expect(el.querySelector('h1')?.textContent?.trim()).toBe('Cet espace est réservé à la société civile');
    expect(el.textContent).toContain('demandez à la rejoindre');
    expect(el.textContent).not.toContain('erreur');
  });

  it('sends a pending account to its account page', async () => {
    const el = await render({ kind: 'pending', audience: 'participants' });

    expect(el.querySelector('h1')?.textContent?.trim()).toBe('Your account is not open yet');
    expect(el.querySelector('a[href="/account"]')).not.toBeNull();
  });
});
