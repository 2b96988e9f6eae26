import { findDivergences } from './divergences';

const report = (id: string, kind: string, status: 'not_started' | 'in_progress' | 'stalled' | 'completed', day: number) => ({
  id,
  kind,
  status,
  createdAt: `2015-01-${String(day).padStart(2, '0')}T00:00:00.000Z`,
});

describe(findDivergences.name, () => {
  it('compares each assessment with the self-report standing at its time', () => {
    const divergences = findDivergences([
      report('s1', 'self_report', 'in_progress', 1),
      report('a1', 'independent_assessment', 'in_progress', 2),
      report('s2', 'self_report', 'completed', 3),
      report('a2', 'independent_assessment', 'stalled', 4),
    ]);
    expect(divergences).toEqual([
      expect.objectContaining({ assessmentId: 'a2', selfReportId: 's2', selfReportedStatus: 'completed', assessedStatus: 'stalled' }),
    ]);
  });

  it('treats a commitment with no self-report as not started', () => {
    expect(findDivergences([report('a1', 'independent_assessment', 'stalled', 1)])).toEqual([
      expect.objectContaining({ selfReportId: null, selfReportedStatus: 'not_started' }),
    ]);
    expect(findDivergences([report('a1', 'independent_assessment', 'not_started', 1)])).toEqual([]);
  });
});
