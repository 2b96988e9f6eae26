import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { settle, textOf } from '../../testing/accounts';
import { threadView } from '../../testing/discussion';
import { translocoTesting } from '../../testing/i18n-testing';
import { LanguageService } from '../core/language.service';
import { ChannelsPageComponent } from './channels-page.component';

describe(ChannelsPageComponent.name, () => {
  it('lists the threads the reader may read, who may read each, and how lively it is', async () => {
    TestBed.configureTestingModule({
      imports: [ChannelsPageComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use('fr');
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(ChannelsPageComponent);
    fixture.detectChanges();
    await settle();
    http
      .expectOne((r) => r.url === '/api/threads' && r.params.get('page') === '1')
      .flush({
        items: [
          threadView({ id: 't1', messageCount: 1 }),
          threadView({
            id: 't2',
            title: { en: 'Civil society safe space' },
            visibility: 'group:civil_society',
            subjectType: null,
            subjectId: null,
            locked: true,
            messageCount: 12,
            lastMessageAt: null,
          }),
        ],
        total: 2,
        page: 1,
        pageSize: 20,
      });
    await settle();
    await fixture.whenStable();
    const cards = [...(fixture.nativeElement as HTMLElement).querySelectorAll('.channel-card')];

    expect(cards.map((c) => c.querySelector('a')?.getAttribute('href'))).toEqual(['/discussions/t1', '/discussions/t2']);
    expect(textOf(cards[0].querySelector('.badges'))).toBe('Publique Engagement');
    expect(textOf(cards[1].querySelector('.badges'))).toBe('Espace protégé : Société civile Verrouillée');
    expect(textOf(cards[0].querySelector('.meta-line span'))).toBe('1 message');
    expect(textOf(cards[1].querySelector('.meta-line'))).toBe('12 messages');
    http.verify();
  });
});
