import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import type { Divergence, Locale, ReportView, TimelineView, Viewer } from '@suivi/contracts';
import { LanguageService } from '../core/language.service';
import { LocalDatePipe } from '../core/local-format.pipes';
import { OrgNameComponent } from '../shared/org-name.component';
import { ReportCardComponent } from './report-card.component';
import { compareIso } from '../core/compare';

export interface TimelineEntry {
  report: ReportView;
  divergence: Divergence | null;
  contestedBy: Divergence[];
}

/** Newest first, both kinds of report in one sequence, each with the divergences that concern it. */
export function timelineEntries(timeline: TimelineView): TimelineEntry[] {
  const byAssessment = new Map(timeline.divergences.map((d) => [d.assessmentId, d]));
  const bySelfReport = new Map<string, Divergence[]>();
  for (const d of timeline.divergences) {
    if (d.selfReportId) {
      bySelfReport.set(d.selfReportId, [...(bySelfReport.get(d.selfReportId) ?? []), d]);
    }
  }
  return [...timeline.selfReports, ...timeline.assessments]
    .sort((a, b) => compareIso(b.createdAt, a.createdAt))
    .map((report) => ({
      report,
      divergence: report.kind === 'independent_assessment' ? (byAssessment.get(report.id) ?? null) : null,
      contestedBy: report.kind === 'self_report' ? (bySelfReport.get(report.id) ?? []) : [],
    }));
}

@Component({
  selector: 'suivi-commitment-timeline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe, LocalDatePipe, OrgNameComponent, ReportCardComponent],
  templateUrl: './commitment-timeline.component.html',
})
export class CommitmentTimelineComponent {
  readonly timeline = input.required<TimelineView>();
  readonly viewer = input<Viewer | null>(null);
  readonly verify = output<ReportView>();
  readonly translate = output<{ report: ReportView; locale: Locale }>();

  private readonly transloco = inject(TranslocoService);
  private readonly lang = inject(LanguageService).lang;

  protected readonly entries = computed(() => timelineEntries(this.timeline()));

  protected readonly history = computed(() => [...this.timeline().history].sort((a, b) => b.seq - a.seq));

  protected shortHash(hash: string): string {
    return hash.slice(0, 12);
  }

  /** Known audit actions read as words; an action this version does not know is shown as recorded. */
  protected actionLabel(action: string): string {
    const key = `history.actions.${action.replace(/\./g, '_')}`;
    const translation = this.transloco.getTranslation(this.lang());
    return key in translation ? this.transloco.translate(key) : action;
  }
}
