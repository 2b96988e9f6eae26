import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  type Divergence,
  type EvidenceFileView,
  LOCALES,
  type Locale,
  type ReportView,
  type Viewer,
  can,
  isActive,
} from '@suivi/contracts';
import { LocalDatePipe, LocalNumberPipe, UnitPipe } from '../core/local-format.pipes';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { FileSizeComponent } from '../shared/file-size.component';
import { IllustrativeBadgeComponent } from '../shared/illustrative-badge.component';
import { OrgNameComponent } from '../shared/org-name.component';
import { StatusBadgeComponent } from '../shared/status-badge.component';

/** One progress report: a self-report or an independent assessment, with what was appended to it. */
@Component({
  selector: 'suivi-report-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    TranslocoPipe,
    LocalDatePipe,
    LocalNumberPipe,
    UnitPipe,
    BilingualTextComponent,
    FileSizeComponent,
    IllustrativeBadgeComponent,
    OrgNameComponent,
    StatusBadgeComponent,
  ],
  template: `
    @let r = report();
    <article class="report" [class.report-diverges]="divergence() || contestedBy().length">
      <header class="report-header">
        <p class="report-kind">{{ 'reportKind.' + r.kind | transloco }}</p>
        <p class="report-meta">
          <suivi-org-name [org]="r.organization" [full]="true" />
          <time [attr.datetime]="r.createdAt">{{ r.createdAt | localDate: 'dateTime' }}</time>
        </p>
        <p class="badges">
          <suivi-status-badge [status]="r.status" [kind]="r.kind === 'self_report' ? 'current' : 'assessed'" />
          @if (r.percent !== null) {
            <span class="badge">{{ 'report.percent' | transloco: { percent: (r.percent | localNumber) } }}</span>
          }
          @if (r.illustrative) {
            <suivi-illustrative-badge />
          }
        </p>
      </header>

      @if (divergence(); as d) {
        <p class="divergence-note">
          <strong>{{ 'timeline.divergence' | transloco }}</strong>
          {{
            'timeline.divergesFrom'
              | transloco
                : { reported: ('status.' + d.selfReportedStatus | transloco), assessed: ('status.' + d.assessedStatus | transloco) }
          }}
          @if (d.selfReportId) {
            <a [routerLink]="[]" [fragment]="'report-' + d.selfReportId">{{ 'timeline.seeSelfReport' | transloco }}</a>
          }
        </p>
      }
      @for (d of contestedBy(); track d.assessmentId) {
        <p class="divergence-note">
          <strong>{{ 'timeline.divergence' | transloco }}</strong>
          {{ 'timeline.contestedBy' | transloco: { assessed: ('status.' + d.assessedStatus | transloco), date: (d.at | localDate) } }}
          <a [routerLink]="[]" [fragment]="'report-' + d.assessmentId">{{ 'timeline.seeAssessment' | transloco }}</a>
        </p>
      }

      <p class="prose"><suivi-bi [value]="r.narrative" /></p>

      <!-- Named as when the report was written: a later rename of the indicator does not reword what was measured. -->
      @if (r.indicators?.length) {
        <div class="report-indicators">
          <p class="label">{{ 'report.indicators' | transloco }}</p>
          <dl>
            @for (i of r.indicators; track i.index) {
              <div>
                <dt>
                  @if (i.name) {
                    <suivi-bi [value]="i.name" />
                  } @else {
                    {{ 'report.indicatorUnnamed' | transloco: { n: i.index + 1 } }}
                  }
                </dt>
                <dd>
                  <strong>{{ i.value | localNumber }}</strong>
                  @if (i.unit) {
                    <span class="muted"> {{ 'report.indicatorUnit' | transloco: { unit: i.unit | unit } }}</span>
                  }
                </dd>
              </div>
            }
          </dl>
        </div>
      }

      @if (r.evidenceLinks.length) {
        <div class="evidence">
          <p class="label">{{ 'report.evidence' | transloco }}</p>
          <ul>
            @for (link of r.evidenceLinks; track link) {
              <li>
                <a [href]="link" rel="noopener noreferrer">{{ link }}</a>
              </li>
            }
          </ul>
        </div>
      }

      @if (r.files?.length) {
        <div class="evidence">
          <p class="label">{{ 'report.files' | transloco }}</p>
          <ul class="file-list">
            @for (file of r.files; track file.id) {
              <li>
                <a [href]="'/api/files/' + file.id" download>{{ file.name }}</a>
                <span class="muted">{{ 'files.' + kindOf(file.mediaType) | transloco }}, <suivi-file-size [bytes]="file.size" /></span>
              </li>
            }
          </ul>
        </div>
      }

      <footer class="report-footer">
        @if (r.verification; as v) {
          <p class="verified">
            {{ 'report.verifiedBy' | transloco: { date: (v.verifiedAt | localDate) } }}
            <suivi-org-name [org]="v.verifiedBy" />
          </p>
          <!-- Its own line: inline after the name, the note read as part of it ("…by SecretariatDecree checked"). -->
          @if (v.note) {
            <p class="verification-note muted">{{ v.note }}</p>
          }
        } @else if (r.kind === 'self_report') {
          <p class="muted">{{ 'report.notVerified' | transloco }}</p>
        }
        @if (r.correctsId) {
          <p>
            <a [routerLink]="[]" [fragment]="'report-' + r.correctsId">{{ 'report.corrects' | transloco }}</a>
          </p>
        }
        @if (r.author) {
          <p class="muted">{{ 'report.author' | transloco: { name: r.author.name } }}</p>
        }
        @if (mayVerify() || missing().length) {
          <p class="report-actions">
            @if (mayVerify()) {
              <button type="button" class="button button-secondary" (click)="verify.emit(r)">
                {{ 'report.verify' | transloco
                }}<span class="visually-hidden">: {{ 'reportKind.' + r.kind | transloco }}, {{ r.createdAt | localDate }}</span>
              </button>
            }
            @for (locale of missing(); track locale) {
              <button type="button" class="button button-secondary" (click)="translate.emit({ report: r, locale })">
                {{ 'report.addTranslation.' + locale | transloco
                }}<span class="visually-hidden">: {{ 'reportKind.' + r.kind | transloco }}, {{ r.createdAt | localDate }}</span>
              </button>
            }
          </p>
        }
      </footer>
    </article>
  `,
})
export class ReportCardComponent {
  readonly report = input.required<ReportView>();
  /** For an assessment: how it differs from the self-report current at its time. */
  readonly divergence = input<Divergence | null>(null);
  /** For a self-report: the assessments that disagreed with it. */
  readonly contestedBy = input<Divergence[]>([]);
  /** Who reads: the actions offered follow the API's rules. */
  readonly viewer = input<Viewer | null>(null);
  readonly verify = output<ReportView>();
  readonly translate = output<{ report: ReportView; locale: Locale }>();

  /** A file's kind in words, from its media type (checked from its bytes by the API). */
  protected kindOf(mediaType: EvidenceFileView['mediaType']): string {
    return mediaType === 'application/pdf' ? 'pdf' : mediaType === 'image/png' ? 'png' : 'jpeg';
  }

  /** The secretariat vouches for a report once. */
  protected readonly mayVerify = computed(() => can.administer(this.viewer()) && this.report().verification === null);

  /** The narrative's missing language, which the report's organisation or the secretariat may add. */
  protected readonly missing = computed<Locale[]>(() => {
    const viewer = this.viewer();
    const r = this.report();
    const mayTranslate = isActive(viewer) && (can.administer(viewer) || viewer.organizationId === r.organization.id);
    return mayTranslate ? LOCALES.filter((l) => !r.narrative[l]?.trim()) : [];
  });
}
