import {
  ACCOUNT_STATUSES,
  ERROR_CODES,
  type ErrorCode,
  PROBLEM_CODES,
  type ProblemCode,
  COMMITMENT_SORTS,
  DIALOGUE_STATUSES,
  EMAIL_CADENCES,
  EMAIL_CATEGORIES,
  NOTIFICATION_KINDS,
  PLATFORM_ROLES,
  PROGRESS_STATUSES,
  REGIONS,
  REPORT_KINDS,
  STAKEHOLDER_GROUPS,
  THEMES,
} from '@suivi/contracts';
import { translations } from '../../testing/i18n-testing';
import { sortKey } from '../commitments/commitment-filters';
import { failureKey } from '../shared/forms/form-errors';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Record<string, string> {
  return Object.entries(tree).reduce<Record<string, string>>((out, [key, value]) => {
    return typeof value === 'string' ? { ...out, [prefix + key]: value } : { ...out, ...flatten(value, `${prefix}${key}.`) };
  }, {});
}

describe('translation files', () => {
  const en = flatten(translations.en);
  const fr = flatten(translations.fr);

  it('have the same keys in English and French', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it('have no empty text', () => {
    expect(Object.entries({ ...en, ...fr }).filter(([, text]) => !text.trim())).toEqual([]);
  });

  it.each([
    ['status', PROGRESS_STATUSES],
    ['groups', STAKEHOLDER_GROUPS],
    ['themes', THEMES],
    ['regions', REGIONS],
    ['dialogueStatus', DIALOGUE_STATUSES],
    ['reportKind', REPORT_KINDS],
    ['sort', COMMITMENT_SORTS.map(sortKey)],
    ['accountStatus', ACCOUNT_STATUSES],
    ['roles', PLATFORM_ROLES],
    ['notifications.kinds', NOTIFICATION_KINDS],
    ['email.cadences', EMAIL_CADENCES],
    ['email.categories', EMAIL_CATEGORIES.flatMap((c) => [`${c}.name`, `${c}.about`, `${c}.hint`])],
  ] as const)('label every value of the %s vocabulary', (prefix, values) => {
    const missing = values.map((v) => `${prefix}.${v}`).filter((key) => !en[key] || !fr[key]);
    expect(missing).toEqual([]);
  });

  it('use the same interpolation parameters in both languages', () => {
    const params = (text: string) => (text.match(/{{\s*\w+\s*}}/g) ?? []).map((p) => p.replace(/\s/g, '')).sort();
    const mismatched = Object.keys(en).filter((key) => params(en[key]).join() !== params(fr[key]).join());
    expect(mismatched).toEqual([]);
  });
});

/**
 * Params a code declares that its text may leave out, each with why. Anything else a code
 * declares, its text says, in both languages.
 */
const UNSAID_ERROR_PARAMS: Partial<Record<ErrorCode, Record<string, string>>> = {
  not_found: { resource: 'an English noun for logs; the page says what it was showing' },
  thread_audience: { audience: 'the refusal page names the audience from refusal.audience.*, with its own sentences' },
  posting_restricted: {
    kind: 'the composer reads the restriction again and shows it, with its end date, beside the text',
    until: 'the same: shown by the composer, formatted in the reader’s language',
  },
  already_done: { state: 'an English state name; the sentence says it was done, which is all the person needs' },
  message_not_editable: { state: 'an English state name (hidden, deleted); the sentence holds for each' },
  account_state: { state: 'an English status; the page is read again and shows it translated' },
  round_state: { state: 'an English state name; the page is read again and shows the round’s state translated' },
  translation_present: { locale: 'the dialog names the language it was adding' },
  event_purged: { seq: 'the dialog’s title names the event' },
  too_many_messages: { retryAfter: 'the composer counts the wait down beside the text (discussion.composer.waitSeconds)' },
};
const UNSAID_PROBLEM_PARAMS: Partial<Record<ProblemCode, Record<string, string>>> = {
  date_order: { after: 'an API field name; the message sits on the later date, whose label says what it is' },
  required_with: { other: 'an API field name, not a label the person reads' },
  not_with: { other: 'an API field name, not a label the person reads' },
  already_in_state: { state: 'an English state name; the control shows the state already' },
  unknown_subject: { type: 'an English type name; the sentence holds for each' },
  subject_dialogue: { type: 'an English type name; the sentence holds for each' },
};

describe('texts of the error vocabulary', () => {
  const en = flatten(translations.en);
  const fr = flatten(translations.fr);
  const says = (text: string | undefined, param: string) => text?.includes(`{{${param}}}`) ?? false;

  function faults(key: string, params: readonly string[], unsaid: Record<string, string> = {}): string[] {
    const out: string[] = [];
    for (const [lang, texts] of [
      ['en', en],
      ['fr', fr],
    ] as const) {
      if (!texts[key]) {
        out.push(`${key}: no ${lang} text`);
        continue;
      }
      out.push(...params.filter((p) => !unsaid[p] && !says(texts[key], p)).map((p) => `${key} (${lang}): does not say {{${p}}}`));
    }
    return out;
  }

  it('say every request code in English and French, with the params it declares', () => {
    const found = (Object.keys(ERROR_CODES) as ErrorCode[]).flatMap((code) =>
      faults(failureKey(code), ERROR_CODES[code].params, UNSAID_ERROR_PARAMS[code]),
    );
    expect(found).toEqual([]);
  });

  it('say every field problem code in English and French, with the params it declares', () => {
    const found = (Object.keys(PROBLEM_CODES) as ProblemCode[]).flatMap((code) =>
      faults(`problems.${code}`, PROBLEM_CODES[code], UNSAID_PROBLEM_PARAMS[code]),
    );
    expect(found).toEqual([]);
  });

  it('leave out only params a code declares', () => {
    const stray = [
      ...Object.entries(UNSAID_ERROR_PARAMS).flatMap(([code, unsaid]) =>
        Object.keys(unsaid ?? {}).filter((p) => !(ERROR_CODES[code as ErrorCode].params as readonly string[]).includes(p)),
      ),
      ...Object.entries(UNSAID_PROBLEM_PARAMS).flatMap(([code, unsaid]) =>
        Object.keys(unsaid ?? {}).filter((p) => !(PROBLEM_CODES[code as ProblemCode] as readonly string[]).includes(p)),
      ),
    ];
    expect(stray).toEqual([]);
  });
});
