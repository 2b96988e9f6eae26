import { Validators, type NonNullableFormBuilder } from '@angular/forms';
import type { RoundInput, RoundPatch, RoundScope, RoundSummary, Theme } from '@suivi/contracts';
import { bilingualGroup, fromBilingual, toBilingual } from '../shared/forms/bilingual-fields.component';
import { datesInOrder, type FormTexts } from '../shared/forms/form-errors';

export const ROUND_TITLE_MAX_LENGTH = 300;

/** The fields of a round, for opening one and for editing it. `closesOn` may stay empty when opening. */
export function roundForm(fb: NonNullableFormBuilder, closesOnRequired: boolean) {
  return fb.group(
    {
      title: bilingualGroup(fb, ROUND_TITLE_MAX_LENGTH, true),
      opensOn: ['', Validators.required],
      dueOn: ['', Validators.required],
      closesOn: ['', closesOnRequired ? Validators.required : []],
      inviteAssessments: fb.control(true),
      themes: fb.control<Theme[]>([]),
      ownerIds: fb.control<string[]>([]),
    },
    { validators: [datesInOrder('opensOn', 'dueOn'), datesInOrder('dueOn', 'closesOn')] },
  );
}

export type RoundForm = ReturnType<typeof roundForm>;
export type RoundDraft = ReturnType<RoundForm['getRawValue']>;

/** Where the API's problems about the scope land in the form. */
export const ROUND_FORM_TEXTS: FormTexts = {
  aliases: { scope: 'themes', 'scope.themes': 'themes', 'scope.ownerIds': 'ownerIds' },
  failures: { stale_edit: 'rounds.edit.stale', already_done: 'rounds.close.already' },
};

/** A round in the form's shape. */
export function roundDraft(round: RoundSummary): RoundDraft {
  return {
    title: fromBilingual(round.title),
    opensOn: round.opensOn,
    dueOn: round.dueOn,
    closesOn: round.closesOn,
    inviteAssessments: round.inviteAssessments,
    themes: round.scope?.themes ?? [],
    ownerIds: round.scope?.ownerIds ?? [],
  };
}

/** The scope the form describes; null (every open commitment) when nothing narrows it. Recommendations are kept as they were. */
function scopeOf(draft: RoundDraft, kept: RoundScope | null = null): RoundScope | null {
  const scope: RoundScope = {
    ...(draft.themes.length ? { themes: draft.themes } : {}),
    ...(draft.ownerIds.length ? { ownerIds: draft.ownerIds } : {}),
    ...(kept?.recommendationIds?.length ? { recommendationIds: kept.recommendationIds } : {}),
  };
  return Object.keys(scope).length ? scope : null;
}

/** What opening a round sends: an empty `closesOn` leaves the API's default (dueOn + 14 days). */
export function roundInput(draft: RoundDraft): RoundInput {
  return {
    title: toBilingual(draft.title),
    opensOn: draft.opensOn,
    dueOn: draft.dueOn,
    ...(draft.closesOn ? { closesOn: draft.closesOn } : {}),
    inviteAssessments: draft.inviteAssessments,
    scope: scopeOf(draft),
  };
}

/** What an edit sends: after opening only the title and the two last dates may change, so only they are sent. */
export function roundPatch(draft: RoundDraft, round: RoundSummary, version: number): RoundPatch {
  const always = { title: toBilingual(draft.title), dueOn: draft.dueOn, closesOn: draft.closesOn, version };
  if (round.state !== 'planned') {
    return always;
  }
  return { ...always, opensOn: draft.opensOn, inviteAssessments: draft.inviteAssessments, scope: scopeOf(draft, round.scope) };
}
