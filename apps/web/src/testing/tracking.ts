import type { CommitmentView, NotificationView, ReportView, TimelineView } from '@suivi/contracts';
import { civilOrg, justiceOrg } from './accounts';

// Small factories for commitment tracking: a test says only what matters to it.

export function commitmentView(overrides: Partial<CommitmentView> = {}): CommitmentView {
  return {
    id: 'c1',
    title: { en: 'Operationalise the Specialised Judicial Pole', fr: 'Rendre opérationnel le Pôle judiciaire spécialisé' },
    owner: justiceOrg,
    themes: ['justice_judiciary'],
    regions: ['bamako'],
    dueDate: '2030-12-31',
    recommendationCodes: ['R1'],
    lastReportAt: null,
    updatedAt: '2026-11-01T09:00:00Z',
    currentStatus: 'in_progress',
    verifiedStatus: null,
    assessedStatus: null,
    overdue: false,
    contested: false,
    dialogueId: 'd1',
    description: { en: 'Judges, prosecutors and investigators dedicated to organised crime.' },
    supporting: [],
    recommendations: [],
    startDate: '2015-01-01',
    indicators: [
      { name: { en: 'Specialised judges in post', fr: 'Juges spécialisés en poste' }, unit: 'judges', baseline: 0, target: 12, current: 4 },
      { name: { en: 'Cases tried' }, unit: 'cases', baseline: 0, target: null, current: null },
    ],
    version: 3,
    createdAt: '2015-01-01T09:00:00Z',
    ...overrides,
  };
}

export function reportView(overrides: Partial<ReportView> & Pick<ReportView, 'id'>): ReportView {
  const kind = overrides.kind ?? 'self_report';
  return {
    commitmentId: 'c1',
    kind,
    status: 'in_progress',
    percent: null,
    narrative: { en: 'Narrative', fr: 'Récit' },
    evidenceLinks: [],
    organization: kind === 'self_report' ? justiceOrg : civilOrg,
    author: null,
    createdAt: '2026-11-01T10:00:00Z',
    verification: null,
    correctsId: null,
    illustrative: false,
    ...overrides,
  };
}

export function timelineView(overrides: Partial<TimelineView> = {}): TimelineView {
  return { commitmentId: 'c1', selfReports: [], assessments: [], milestones: [], divergences: [], history: [], ...overrides };
}

export function notificationView(overrides: Partial<NotificationView> & Pick<NotificationView, 'id'>): NotificationView {
  return {
    kind: 'report',
    subjectType: 'commitment',
    subjectId: 'c1',
    payload: { reportId: 'r1', kind: 'self_report', status: 'completed' },
    read: false,
    createdAt: '2026-11-22T10:00:00Z',
    ...overrides,
  };
}
