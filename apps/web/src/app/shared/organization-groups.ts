import { type Locale, type OrganizationRef, STAKEHOLDER_GROUPS, type StakeholderGroup, pickText } from '@suivi/contracts';

export interface OrganizationOption {
  id: string;
  label: string;
}

export interface OrganizationGroup {
  group: StakeholderGroup;
  options: OrganizationOption[];
}

/** Lower case without accents, so "ministere" finds "Ministère". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function organizationLabel(org: OrganizationRef, lang: Locale): string {
  const name = pickText(org.name, lang).text;
  return org.acronym && org.acronym !== name ? `${org.acronym} – ${name}` : name;
}

/**
 * Organisations as select options grouped by stakeholder group, sorted by the name the reader
 * sees. `query` keeps those whose name (in either language) or acronym contains it; `keep` (one
 * id or several) stays listed whatever the query, so a choice already made never disappears.
 */
export function organizationGroups(
  organizations: readonly OrganizationRef[],
  lang: Locale,
  query = '',
  keep: string | readonly string[] | null = null,
): OrganizationGroup[] {
  const q = fold(query.trim());
  const kept = new Set(typeof keep === 'string' ? [keep] : (keep ?? []));
  const matches = (o: OrganizationRef) =>
    !q || kept.has(o.id) || [o.name.en, o.name.fr, o.acronym].some((text) => text && fold(text).includes(q));
  return STAKEHOLDER_GROUPS.map((group) => ({
    group,
    options: organizations
      .filter((o) => o.group === group && matches(o))
      .map((o) => ({ id: o.id, label: organizationLabel(o, lang) }))
      .sort((a, b) => a.label.localeCompare(b.label, lang)),
  })).filter((g) => g.options.length > 0);
}
