import type { Divergence, ProgressStatus } from '@suivi/contracts';

/**
 * An assessment diverges when its status differs from the self-reported status that stood when
 * it was written (not_started before any self-report).
 */
export function findDivergences(reports: Array<{ id: string; kind: string; status: ProgressStatus; createdAt: string }>): Divergence[] {
  const ordered = [...reports].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const out: Divergence[] = [];
  let standing: { id: string; status: ProgressStatus } | null = null;
  for (const report of ordered) {
    if (report.kind === 'self_report') {
      standing = { id: report.id, status: report.status };
      continue;
    }
    const selfReported = standing?.status ?? 'not_started';
    if (report.status !== selfReported) {
      out.push({
        assessmentId: report.id,
        selfReportId: standing?.id ?? null,
        selfReportedStatus: selfReported,
        assessedStatus: report.status,
        at: report.createdAt,
      });
    }
  }
  return out;
}
