import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { CommitmentView } from '@suivi/contracts';
import { settle, textOf } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { commitmentView } from '../../testing/tracking';
import { LanguageService } from '../core/language.service';
import { CommitmentEditComponent, changedFields } from './commitment-edit.component';

const read = commitmentView({ version: 3 });
const theirs = commitmentView({ version: 4, dueDate: '2031-06-30', regions: ['bamako', 'mopti'], updatedAt: '2026-11-22T09:00:00Z' });

describe(changedFields.name, () => {
  it('names the fields that differ between two versions', () => {
    expect(changedFields(read, theirs)).toEqual(['dueDate', 'regions']);
    expect(changedFields(read, read)).toEqual([]);
  });
});

describe(CommitmentEditComponent.name, () => {
  let fixture: ComponentFixture<CommitmentEditComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;
  let saved: CommitmentView[];

  async function open(): Promise<void> {
    TestBed.configureTestingModule({
      imports: [CommitmentEditComponent, translocoTesting()],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use('en');
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CommitmentEditComponent);
    fixture.componentRef.setInput('commitment', read);
    saved = [];
    fixture.componentInstance.saved.subscribe((c) => saved.push(c));
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  function button(label: string): HTMLButtonElement {
    const found = [...el.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === label);
    if (!found) {
      throw new Error(`no button ${label}`);
    }
    return found;
  }

  async function editTitleAndSave(title: string): Promise<TestRequest> {
    button('Edit').click();
    await stable();
    const input = el.querySelector<HTMLInputElement>('#edit-title-en') as HTMLInputElement;
    input.value = title;
    input.dispatchEvent(new Event('input'));
    await stable();
    button('Save').click();
    await stable();
    return http.expectOne({ method: 'PATCH', url: '/api/commitments/c1' });
  }

  afterEach(() => http.verify());

  it('sends the edit with the version read', async () => {
    await open();
    const request = await editTitleAndSave('Staff the judicial pole');

    expect(request.request.body).toMatchObject({
      title: { en: 'Staff the judicial pole', fr: read.title.fr },
      dueDate: '2030-12-31',
      themes: ['justice_judiciary'],
      regions: ['bamako'],
      version: 3,
    });
    const updated = commitmentView({ version: 4, title: { en: 'Staff the judicial pole' } });
    request.flush(updated);
    await stable();

    expect(saved).toEqual([updated]);
    expect(el.querySelector('form')).toBeNull();
  });

  it('on a 409, shows what changed meanwhile and re-applies the edit on the current version', async () => {
    await open();
    const first = await editTitleAndSave('Staff the judicial pole');
    first.flush({ statusCode: 409, error: 'Conflict', message: 'stale', current: theirs }, { status: 409, statusText: 'Conflict' });
    await stable();

    const alert = el.querySelector('[role="alert"]');
    expect(textOf(alert)).toContain('Someone else saved this commitment while you were editing it.');
    expect([...(alert?.querySelectorAll('dt') ?? [])].map(textOf)).toEqual(['Due date', 'Regions']);
    expect(textOf(alert)).toContain('Jun 30, 2031');
    expect(button('Save').disabled).toBe(true);

    button('Re-apply my changes on the current version').click();
    await stable();
    const second = http.expectOne({ method: 'PATCH', url: '/api/commitments/c1' });
    expect(second.request.body).toMatchObject({ title: { en: 'Staff the judicial pole' }, version: 4 });
    const merged = { ...theirs, version: 5, title: { en: 'Staff the judicial pole' } };
    second.flush(merged);
    await stable();

    expect(saved).toEqual([merged]);
  });

  it('on a 409, discards the edit and keeps the current version', async () => {
    await open();
    const request = await editTitleAndSave('Staff the judicial pole');
    request.flush({ statusCode: 409, error: 'Conflict', message: 'stale', current: theirs }, { status: 409, statusText: 'Conflict' });
    await stable();

    button('Discard mine').click();
    await stable();

    expect(saved).toEqual([theirs]);
    expect(el.querySelector('form')).toBeNull();
  });
});
