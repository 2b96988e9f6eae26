import type { ReportView, TimelineView } from '@suivi/contracts';

/**
 * Two versions of one report. A report never changes, only gains what is appended to it (a
 * verification, the missing language), so the union of what both know is the newest.
 */
export function mergeReport(a: ReportView, b: ReportView): ReportView {
  return {
    ...a,
    ...b,
    narrative: {
      en: b.narrative.en?.trim() ? b.narrative.en : a.narrative.en,
      fr: b.narrative.fr?.trim() ? b.narrative.fr : a.narrative.fr,
    },
    verification: b.verification ?? a.verification,
    author: b.author ?? a.author,
  };
}

/** Adds or updates a report among those known. */
export function upsertReport(reports: readonly ReportView[], report: ReportView): ReportView[] {
  const index = reports.findIndex((r) => r.id === report.id);
  if (index === -1) {
    return [...reports, report];
  }
  return reports.map((r, i) => (i === index ? mergeReport(r, report) : r));
}

/**
 * The timeline the page shows: the last one read from the server, with the reports that arrived
 * live since (new ones added, known ones completed). The server's divergences stand; a live
 * assessment the timeline has not read yet brings its own, as the API derived it (never here).
 */
export function liveTimeline(server: TimelineView, live: readonly ReportView[]): TimelineView {
  let selfReports = [...server.selfReports];
  let assessments = [...server.assessments];
  for (const report of live) {
    if (report.commitmentId !== server.commitmentId) {
      continue;
    }
    if (report.kind === 'self_report') {
      selfReports = upsertReport(selfReports, report);
    } else {
      assessments = upsertReport(assessments, report);
    }
  }
  const known = new Set(server.divergences.map((d) => d.assessmentId));
  const arrived = assessments
    .filter((a) => !known.has(a.id) && !server.assessments.some((s) => s.id === a.id))
    .flatMap((a) => (a.divergence ? [a.divergence] : []));
  return { ...server, selfReports, assessments, divergences: [...server.divergences, ...arrived] };
}
