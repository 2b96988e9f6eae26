import { NonNullableFormBuilder } from '@angular/forms';
import { TestBed } from '@angular/core/testing';
import { roundSummary } from '../../testing/rounds';
import { roundDraft, roundForm, roundInput, roundPatch } from './round-form';

describe('a round’s form', () => {
  const fb = () => TestBed.inject(NonNullableFormBuilder);

  it('opens a round without a closing day (the API’s default) and without a scope when nothing narrows it', () => {
    const form = roundForm(fb(), false);
    form.setValue({
      title: { en: '  Winter round ', fr: '' },
      opensOn: '2026-12-02',
      dueOn: '2026-12-12',
      closesOn: '',
      inviteAssessments: false,
      themes: [],
      ownerIds: [],
    });
    expect(form.valid).toBe(true);
    expect(roundInput(form.getRawValue())).toEqual({
      title: { en: 'Winter round' },
      opensOn: '2026-12-02',
      dueOn: '2026-12-12',
      inviteAssessments: false,
      scope: null,
    });
  });

  it('marks a due day before the opening, and a closing day before the due day', () => {
    const form = roundForm(fb(), true);
    form.patchValue({ title: { en: 'R' }, opensOn: '2026-12-10', dueOn: '2026-12-09', closesOn: '2026-12-01' });
    expect(form.controls.dueOn.errors).toEqual({ dateOrder: true });
    expect(form.controls.closesOn.errors).toEqual({ dateOrder: true });
  });

  it('sends only the title and the two last dates once the round is open', () => {
    const open = roundSummary({ state: 'open', scope: { themes: ['governance_anticorruption'] } });
    const draft = { ...roundDraft(open), dueOn: '2026-12-20', themes: [] };
    expect(roundPatch(draft, open, 4)).toEqual({ title: open.title, dueOn: '2026-12-20', closesOn: '2026-12-29', version: 4 });
  });

  it('sends everything while it is planned, keeping the recommendations the form does not show', () => {
    const planned = roundSummary({ state: 'planned', scope: { recommendationIds: ['rec1'] } });
    const draft = { ...roundDraft(planned), ownerIds: ['org-justice'], inviteAssessments: false };
    expect(roundPatch(draft, planned, 2)).toEqual(
      expect.objectContaining({
        opensOn: '2026-12-01',
        inviteAssessments: false,
        scope: { ownerIds: ['org-justice'], recommendationIds: ['rec1'] },
        version: 2,
      }),
    );
  });
});
