import { EMAIL_CADENCE_DEFAULTS, type EmailCategory, type NotificationKind } from '@suivi/contracts';

/** Which category a notice's mail belongs to (DESIGN.md, "Preferences"). */
export const NOTICE_CATEGORY: Readonly<Record<NotificationKind, EmailCategory>> = {
  status_change: 'activity',
  report: 'activity',
  verification: 'activity',
  due_date: 'activity',
  reply: 'activity',
  mention: 'activity',
  moderation: 'account',
  account: 'account',
  round_request: 'asks',
  round_assessment: 'asks',
  report_verified: 'asks',
  commitment_contested: 'asks',
  account_waiting: 'asks',
  message_flagged: 'asks',
  report_to_verify: 'asks',
  newcomer_waiting: 'asks',
};

/** SQL: the category of the notification aliased `n`. */
export function noticeCategorySql(n = 'n'): string {
  const byCategory = new Map<EmailCategory, string[]>();
  for (const [kind, category] of Object.entries(NOTICE_CATEGORY) as Array<[NotificationKind, EmailCategory]>) {
    byCategory.set(category, [...(byCategory.get(category) ?? []), kind]);
  }
  const whens = [...byCategory].map(
    ([category, kinds]) => `WHEN ${n}.kind IN (${kinds.map((k) => `'${k}'`).join(', ')}) THEN '${category}'`,
  );
  return `(CASE ${whens.join(' ')} END)`;
}

/** SQL: the cadence person `user` (an SQL expression) chose for `category` (an SQL expression), or its default. */
export function cadenceSql(user: string, category: string): string {
  const defaults = Object.entries(EMAIL_CADENCE_DEFAULTS)
    .map(([c, cadence]) => `WHEN '${c}' THEN '${cadence}'`)
    .join(' ');
  return `coalesce((SELECT ep.cadence FROM email_preferences ep WHERE ep.user_id = ${user} AND ep.category = ${category}),
                   CASE ${category} ${defaults} END)`;
}
