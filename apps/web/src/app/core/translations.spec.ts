import {
  ACCOUNT_STATUSES,
  COMMITMENT_SORTS,
  DIALOGUE_STATUSES,
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
