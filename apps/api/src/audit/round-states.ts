/**
 * A report request's state, derived in SQL and in one place (DESIGN.md, "The follow-up routine"):
 * the round's page, each commitment's page, "my work", the open data, the CSV exports and the
 * accountability report all select these expressions; none stores a state or derives one again.
 *
 * - A round takes reports from the start of `opens_on` until the end of `closes_on`, or until it
 *   was closed, whichever is first (days as the one clock counts them, UTC).
 * - The self-report track is met by any self-report on the commitment in that window: the owner's,
 *   a correction, or the secretariat's on its behalf.
 * - The assessment track is met by the first independent assessment from a civil-society
 *   organisation that does not own the commitment (the secretariat's own assessment does not).
 * - The first report that meets it decides: filed by the end of `due_on` is `submitted`, later
 *   `late`. With none, the request is `missing` once the round has closed or `closes_on` is past
 *   (a round the tick has not closed yet already reads as it will), `requested` before.
 *
 * Kept below the features, beside the commitments' own derivation (tracking.ts): the records
 * decide, so a report inserted or removed behind the API's back moves the states with it, and a
 * full verification that catches the report covers the states too.
 */
import { sqlDay } from '../clock/clock';

const dayStart = (day: string) => `(${day})::timestamp AT TIME ZONE 'UTC'`;
const dayEnd = (day: string) => `((${day}) + 1)::timestamp AT TIME ZONE 'UTC'`;

/**
 * A LATERAL subquery, aliased `alias`, with the first report meeting the request aliased `q`
 * (columns `id`, `created_at`), the round aliased `rr`.
 */
export function meetingReport(alias = 'm'): string {
  return `LEFT JOIN LATERAL (
      SELECT rp.id, rp.created_at FROM progress_reports rp
       WHERE rp.commitment_id = q.commitment_id AND rp.kind = q.track
         AND rp.created_at >= ${dayStart('rr.opens_on')}
         AND rp.created_at < least(${dayEnd('rr.closes_on')}, coalesce(rr.closed_at, 'infinity'::timestamptz))
         AND (q.track = 'self_report' OR EXISTS (
               SELECT 1 FROM organizations o JOIN commitments oc ON oc.id = rp.commitment_id
                WHERE o.id = rp.organization_id AND o.stakeholder_group = 'civil_society' AND o.id <> oc.owner_id))
       ORDER BY rp.created_at, rp.id LIMIT 1) ${alias} ON true`;
}

/** The state of the request `q` in round `rr` met by report `m` (see meetingReport), on the clock's day `today`. */
export function requestState(today: string, alias = 'm'): string {
  return `CASE
      WHEN ${alias}.id IS NOT NULL THEN CASE WHEN ${alias}.created_at < ${dayEnd('rr.due_on')} THEN 'submitted' ELSE 'late' END
      WHEN rr.state = 'closed' OR ${sqlDay(today)} > rr.closes_on THEN 'missing'
      ELSE 'requested' END`;
}

/**
 * Every request with its round, state and meeting report, for a WHERE clause on `q` (requests)
 * and `rr` (rounds): `request_id, round_id, commitment_id, track, organization_id, state,
 * report_id, reported_at`, plus the round's `due_on`, `closes_on`, `title_en`, `title_fr` and
 * `round_state`.
 */
export function requestRows(today: string, where: string): string {
  return `SELECT q.id AS request_id, q.round_id, q.commitment_id, q.track, q.organization_id,
                 ${requestState(today)} AS state, m.id AS report_id, m.created_at AS reported_at,
                 rr.due_on, rr.closes_on, rr.title_en, rr.title_fr, rr.state AS round_state, rr.dialogue_id
            FROM report_requests q JOIN reporting_rounds rr ON rr.id = q.round_id
            ${meetingReport()}
           WHERE ${where}`;
}
