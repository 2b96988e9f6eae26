import { civilOrg } from '../../testing/accounts';
import { reportView, timelineView } from '../../testing/tracking';
import { liveTimeline, mergeReport, upsertReport } from './live-timeline';

describe('live timeline', () => {
  const self1 = reportView({ id: 's1', status: 'in_progress', createdAt: '2026-01-01T10:00:00Z' });
  const self2 = reportView({ id: 's2', status: 'completed', createdAt: '2026-06-01T10:00:00Z' });
  // As the API serves it, with its divergence derived there (apps/api/src/audit/tracking.ts).
  const assessment = reportView({
    id: 'a1',
    kind: 'independent_assessment',
    status: 'stalled',
    createdAt: '2026-07-01T10:00:00Z',
    organization: civilOrg,
    divergence: {
      assessmentId: 'a1',
      selfReportId: 's2',
      selfReportedStatus: 'completed',
      assessedStatus: 'stalled',
      at: '2026-07-01T10:00:00Z',
    },
  });

  it('adds a new report and completes a known one without losing what either knows', () => {
    const verified = { ...self1, verification: { verifiedAt: '2026-02-01T10:00:00Z', verifiedBy: civilOrg, note: null } };
    const translated = { ...self1, narrative: { en: 'Narrative', fr: 'Récit' } };
    const onlyEnglish = { ...self1, narrative: { en: 'Narrative' } };

    expect(upsertReport([self1], self2).map((r) => r.id)).toEqual(['s1', 's2']);
    expect(mergeReport(verified, onlyEnglish).verification).not.toBeNull();
    expect(mergeReport(onlyEnglish, translated).narrative).toEqual({ en: 'Narrative', fr: 'Récit' });
    expect(mergeReport(translated, onlyEnglish).narrative).toEqual({ en: 'Narrative', fr: 'Récit' });
  });

  it('puts live reports on their track, shows the divergence a live assessment brings, and ignores other commitments', () => {
    const server = timelineView({ selfReports: [self1, self2] });
    const elsewhere = reportView({ id: 'x', commitmentId: 'c2' });

    const shown = liveTimeline(server, [assessment, elsewhere]);

    expect(shown.assessments.map((r) => r.id)).toEqual(['a1']);
    expect(shown.selfReports.map((r) => r.id)).toEqual(['s1', 's2']);
    expect(shown.divergences).toEqual([expect.objectContaining({ assessmentId: 'a1', selfReportId: 's2' })]);
  });

  it('derives nothing itself: a live assessment that agrees, as the API says, adds no divergence', () => {
    const agreeing = { ...assessment, id: 'a2', status: 'in_progress' as const, divergence: null };
    expect(liveTimeline(timelineView({ selfReports: [self1, self2] }), [agreeing]).divergences).toEqual([]);
    // Even where a comparison of statuses here would have found one (stalled against completed).
    const trusted = { ...assessment, id: 'a3', divergence: null };
    expect(liveTimeline(timelineView({ selfReports: [self1, self2] }), [trusted]).divergences).toEqual([]);
  });

  it('keeps the server’s divergences once it has read them', () => {
    const fromServer = {
      assessmentId: 'a1',
      selfReportId: 's2',
      selfReportedStatus: 'completed' as const,
      assessedStatus: 'stalled' as const,
      at: assessment.createdAt,
    };
    const server = timelineView({ selfReports: [self1, self2], assessments: [assessment], divergences: [fromServer] });

    expect(liveTimeline(server, [assessment]).divergences).toEqual([fromServer]);
  });
});
