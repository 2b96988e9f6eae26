import type { RoundRequestView, RoundSummary, RoundView, StateCounts } from '@suivi/contracts';
import { civilOrg, justiceOrg } from './accounts';

// Small factories for reporting rounds: a test says only what matters to it.

export function stateCounts(partial: Partial<StateCounts> = {}): StateCounts {
  const c = { requested: 0, submitted: 0, late: 0, missing: 0, ...partial };
  const total = c.requested + c.submitted + c.late + c.missing;
  return { ...c, total, rate: total ? (c.submitted + c.late) / total : 0, ...partial };
}

export function roundSummary(overrides: Partial<RoundSummary> = {}): RoundSummary {
  const overall = stateCounts({ requested: 2, submitted: 1, late: 1 });
  return {
    id: 'r1',
    dialogueId: 'd1',
    title: { en: 'Follow-up round, winter 2026', fr: 'Cycle de suivi, hiver 2026' },
    opensOn: '2026-12-01',
    dueOn: '2026-12-15',
    closesOn: '2026-12-29',
    inviteAssessments: true,
    scope: null,
    state: 'open',
    openedAt: '2026-12-01T00:00:00Z',
    closedAt: null,
    closedBy: null,
    version: 1,
    completion: {
      overall,
      byOrganization: [{ organization: justiceOrg, counts: stateCounts({ requested: 1, submitted: 1 }) }],
      byGroup: [
        { group: 'government', track: 'self_report', counts: stateCounts({ requested: 1, submitted: 1 }) },
        { group: 'civil_society', track: 'independent_assessment', counts: stateCounts({ requested: 1, late: 1 }) },
      ],
    },
    ...overrides,
  };
}

export function roundRequest(overrides: Partial<RoundRequestView> & Pick<RoundRequestView, 'id'>): RoundRequestView {
  return {
    commitmentId: 'c1',
    commitmentTitle: { en: 'Operationalise the Specialised Judicial Pole' },
    track: 'self_report',
    organizationId: justiceOrg.id,
    state: 'requested',
    reportId: null,
    reportedAt: null,
    ...overrides,
  };
}

export function roundView(overrides: Partial<RoundView> = {}): RoundView {
  return {
    ...roundSummary(),
    requests: [
      roundRequest({ id: 'q1', state: 'submitted', reportId: 'rep1', reportedAt: '2026-12-05T10:00:00Z' }),
      roundRequest({ id: 'q2', track: 'independent_assessment', organizationId: null, state: 'late', reportedAt: '2026-12-20T10:00:00Z' }),
      roundRequest({ id: 'q3', commitmentId: 'c2', commitmentTitle: { en: 'Train clerks' }, state: 'requested' }),
      roundRequest({
        id: 'q4',
        commitmentId: 'c2',
        commitmentTitle: { en: 'Train clerks' },
        track: 'independent_assessment',
        organizationId: null,
      }),
    ],
    ...overrides,
  };
}

export { civilOrg, justiceOrg };
