import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { TranslocoPipe } from '@jsverse/transloco';
import { AUDIT_VERIFY_PATH, type CheckpointView, OPEN_DATA_FORMAT, OPEN_DATA_PATH } from '@suivi/contracts';
import { httpStatus } from '../core/http-error';
import { LocalDatePipe, LocalNumberPipe } from '../core/local-format.pipes';
import { FileSizeComponent } from '../shared/file-size.component';
import { LoadStateComponent } from '../shared/load-state.component';
import { OpenDataApi } from './open-data-api.service';

/** Checkpoints listed to keep a copy of; the oldest ones are in every export anyway. */
export const CHECKPOINTS_SHOWN = 5;

/** What verify-export can answer, in the order a reader meets them (texts in openData.problems). */
export const VERIFY_PROBLEMS = [
  'format',
  'sequence',
  'follow',
  'text',
  'v2',
  'head',
  'unbound',
  'stale',
  'changed',
  'erased',
  'checkpoint',
  'platform',
  'extends',
] as const;

/**
 * The way into the open data: what the export holds and never holds, its download with the event
 * it covers, the CSV files, whether the record verifies now, checkpoints to keep, and how a
 * journalist checks the file offline with tools/verify-export.mjs.
 */
@Component({
  selector: 'suivi-open-data-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe, LocalDatePipe, LocalNumberPipe, FileSizeComponent, LoadStateComponent],
  templateUrl: './open-data-page.component.html',
})
export class OpenDataPageComponent {
  private readonly api = inject(OpenDataApi);

  protected readonly format = OPEN_DATA_FORMAT;
  protected readonly download = OPEN_DATA_PATH;
  protected readonly verifyPath = AUDIT_VERIFY_PATH;
  protected readonly problems = VERIFY_PROBLEMS;

  protected readonly info = rxResource({ stream: () => this.api.info() });
  protected readonly verification = rxResource({ stream: () => this.api.verify() });
  private readonly allCheckpoints = rxResource({ stream: () => this.api.checkpoints() });

  /** Before the first export the API answers 503 `export_not_ready`: said in words, not as a failure. */
  protected readonly notReady = computed(() => httpStatus(this.info.error()) === 503);
  protected readonly checkpoints = computed<CheckpointView[] | null>(() =>
    this.allCheckpoints.hasValue() ? this.allCheckpoints.value().slice(0, CHECKPOINTS_SHOWN) : null,
  );
  protected readonly checkpointsError = computed(() => this.allCheckpoints.error());

  /** The command with this export's file name and the latest checkpoint, ready to copy. */
  protected readonly command = computed(() => {
    const file = this.info.hasValue() ? this.info.value().fileName : 'suivi-open-data-….json';
    const [latest] = this.checkpoints() ?? [];
    return `npm run verify-export -- ${file} --extends ${latest ? keptForm(latest) : 'SEQ:HASH'}`;
  });

  protected readonly kept = keptForm;
}

/** A checkpoint as verify-export's --extends takes it. */
function keptForm(checkpoint: CheckpointView): string {
  return `${checkpoint.seq}:${checkpoint.hash}`;
}
