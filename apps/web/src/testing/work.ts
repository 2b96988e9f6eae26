import type { MyWork, RoundSummary, SecretariatQueues, StateCounts, WorkRequest } from '@suivi/contracts';
import { justiceOrg } from './accounts';

// Small factories for "my work": a test says only what matters to it.

export function stateCounts(overrides: Partial<StateCounts> = {}): StateCounts {
  const counts = { requested: 0, submitted: 0, late: 0, missing: 0, ...overrides };
  const total = counts.requested + counts.submitted + counts.late + counts.missing;
  return { ...counts, total, rate: total ? (counts.submitted + counts.late) / total : 0, ...overrides };
}

export function roundSummary(overrides: Partial<RoundSummary> = {}): RoundSummary {
  return {
    id: 'round-1',
    dialogueId: 'dialogue-1',
    title: { en: 'Follow-up round, spring 2027', fr: 'Cycle de suivi, printemps 2027' },
    opensOn: '2027-03-01',
    dueOn: '2027-03-31',
    closesOn: '2027-04-14',
    inviteAssessments: true,
    scope: null,
    state: 'open',
    openedAt: '2027-03-01T00:00:00Z',
    closedAt: null,
    closedBy: null,
    version: 1,
    completion: { overall: stateCounts({ requested: 5, submitted: 2, late: 1 }), byOrganization: [], byGroup: [] },
    ...overrides,
  };
}

export function workRequest(overrides: Partial<WorkRequest> = {}): WorkRequest {
  return {
    roundId: 'round-1',
    roundTitle: { en: 'Follow-up round, spring 2027', fr: 'Cycle de suivi, printemps 2027' },
    dueOn: '2027-03-31',
    closesOn: '2027-04-14',
    commitmentId: 'c1',
    commitmentTitle: { en: 'Open a specialised judicial unit', fr: 'Créer un pôle judiciaire spécialisé' },
    track: 'self_report',
    overdue: false,
    ...overrides,
  };
}

export function queues(overrides: Partial<SecretariatQueues> = {}): SecretariatQueues {
  return { accountsToApprove: 0, openFlags: 0, reportsToVerify: 0, ...overrides };
}

/** Nothing asked, unless the test says what. `counts` follow the lists unless given. */
export function myWork(overrides: Partial<MyWork> = {}): MyWork {
  const work: MyWork = {
    requests: [],
    commitmentsDue: [],
    newcomers: [],
    queues: null,
    reportsToVerify: [],
    rounds: [],
    counts: { requests: 0, commitmentsDue: 0, newcomers: 0, reportsToVerify: 0 },
    ...overrides,
  };
  return overrides.counts
    ? work
    : {
        ...work,
        counts: {
          requests: work.requests.length,
          commitmentsDue: work.commitmentsDue.length,
          newcomers: work.newcomers.length,
          reportsToVerify: work.reportsToVerify.length,
        },
      };
}

export const verifyItem = {
  reportId: 'r9',
  commitmentId: 'c2',
  commitmentTitle: { en: 'Publish the budget of the courts', fr: 'Publier le budget des juridictions' },
  organization: { id: justiceOrg.id, name: justiceOrg.name, acronym: justiceOrg.acronym, group: justiceOrg.group },
  createdAt: '2027-03-10T09:00:00Z',
};
