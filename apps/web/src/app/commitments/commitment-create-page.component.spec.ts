import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { choose, organizations, settle, textOf } from '../../testing/accounts';
import { dialogueView } from '../../testing/curation';
import { translocoTesting } from '../../testing/i18n-testing';
import { commitmentView } from '../../testing/tracking';
import { LanguageService } from '../core/language.service';
import { CommitmentCreatePageComponent } from './commitment-create-page.component';

const bamako = dialogueView();
const mopti = dialogueView({ id: 'd2', title: { en: 'Mopti roundtable' } });

describe(CommitmentCreatePageComponent.name, () => {
  let fixture: ComponentFixture<CommitmentCreatePageComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;
  let navigations: unknown[][];

  async function open(dialogue?: string): Promise<void> {
    TestBed.configureTestingModule({
      imports: [CommitmentCreatePageComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use('en');
    http = TestBed.inject(HttpTestingController);
    navigations = [];
    jest.spyOn(TestBed.inject(Router), 'navigate').mockImplementation(async (commands) => {
      navigations.push(commands);
      return true;
    });
    fixture = TestBed.createComponent(CommitmentCreatePageComponent);
    if (dialogue) {
      fixture.componentRef.setInput('dialogue', dialogue);
    }
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    await settle();
    http.expectOne('/api/dialogues').flush([mopti, bamako]);
    await serve();
  }

  /** The lists the commitment's form reads once the dialogue is known. */
  async function serve(): Promise<string[]> {
    await settle();
    fixture.detectChanges();
    await settle();
    http.match('/api/organizations').forEach((r) => r.flush(organizations));
    const asked = http
      .match((r) => r.url === '/api/recommendations')
      .map((r) => {
        r.flush([]);
        return r.request.params.get('dialogueId') ?? '';
      });
    await settle();
    await fixture.whenStable();
    return asked;
  }

  afterEach(() => http.verify());

  it('starts in the dialogue asked for, reads its recommendations, and follows a change of dialogue', async () => {
    await open('d1');
    expect(el.querySelector<HTMLSelectElement>('#commitment-dialogue')?.value).toBe('d1');

    choose(el, '#commitment-dialogue', 'd2');
    expect(await serve()).toEqual(['d2']);
    expect(textOf(el.querySelector('#commitment-dialogue option:checked'))).toBe('Mopti roundtable');
  });

  it('starts in the most recent dialogue when none is asked for, and opens the commitment once created', async () => {
    await open();
    expect(el.querySelector<HTMLSelectElement>('#commitment-dialogue')?.value).toBe('d2');

    fixture.debugElement.query((d) => d.name === 'suivi-commitment-edit').componentInstance.saved.emit(commitmentView({ id: 'c9' }));
    await settle();
    expect(navigations).toEqual([['/commitments', 'c9']]);
  });
});
