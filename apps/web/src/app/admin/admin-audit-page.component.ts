import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  linkedSignal,
  signal,
  viewChild,
} from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { AuditEventView, CheckpointView } from '@suivi/contracts';
import { firstValueFrom, map } from 'rxjs';
import { LocalDatePipe, LocalNumberPipe } from '../core/local-format.pipes';
import { SayPipe } from '../core/say.pipe';
import { type Failure, requestFailure } from '../shared/forms/form-errors';
import { LoadStateComponent } from '../shared/load-state.component';
import { AdminNavComponent } from './admin-nav.component';
import { AUDIT_PAGE_SIZE, AuditApi } from './audit-api.service';
import { AuditLabels } from './audit-labels';
import { AuditPurgeDialogComponent } from './audit-purge-dialog.component';

/** Checkpoints shown beside the chain's state; the open data page and the export list them all. */
export const CHECKPOINTS_SHOWN = 5;

/** `?before=` as a sequence number, or null for the newest events. */
export function beforeParam(value: string | null): number | null {
  const n = Number(value);
  return value !== null && Number.isSafeInteger(n) && n > 1 ? n : null;
}

/**
 * The query parameters of the pages either side of this one, by `before` (seqs have no gaps), or
 * null where there is none. The newer page of the second is the newest: no `before` at all.
 */
export function eventPages(
  before: number | null,
  events: readonly AuditEventView[],
  head: number | null,
): { newer: { before: number | null } | null; older: { before: number } | null } {
  const last = events.at(-1);
  const older = events.length === AUDIT_PAGE_SIZE && last && last.seq > 1 ? { before: last.seq } : null;
  if (before === null) {
    return { newer: null, older };
  }
  const newer = before + AUDIT_PAGE_SIZE;
  return { newer: { before: head !== null && newer > head ? null : newer }, older };
}

/** The list after a purge: the events it erased show as purged in place (the answer names the one asked for). */
export function withPurged(events: readonly AuditEventView[], purged: AuditEventView): AuditEventView[] {
  return events.map((e) => (e.seq === purged.seq ? { ...e, purged: purged.purged } : e));
}

/**
 * The secretariat's way into the accountability record: whether the chain verifies (and where
 * not), its head to copy, the latest checkpoints and publishing one, the events newest first with
 * whether each still matches its hash, and purging one with a reason.
 */
@Component({
  selector: 'suivi-admin-audit-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    SayPipe,
    RouterLink,
    TranslocoPipe,
    LocalDatePipe,
    LocalNumberPipe,
    AdminNavComponent,
    AuditPurgeDialogComponent,
    LoadStateComponent,
  ],
  templateUrl: './admin-audit-page.component.html',
})
export class AdminAuditPageComponent {
  private readonly api = inject(AuditApi);
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  protected readonly labels = inject(AuditLabels);

  protected readonly before = toSignal(inject(ActivatedRoute).queryParamMap.pipe(map((q) => beforeParam(q.get('before')))), {
    requireSync: true,
  });
  protected readonly verification = rxResource({ stream: () => this.api.verify() });
  private readonly allCheckpoints = rxResource({ stream: () => this.api.checkpoints() });
  protected readonly checkpoints = computed<CheckpointView[] | null>(() =>
    this.allCheckpoints.hasValue() ? this.allCheckpoints.value().slice(0, CHECKPOINTS_SHOWN) : null,
  );
  protected readonly checkpointsError = computed(() => this.allCheckpoints.error());

  protected readonly events = rxResource({
    params: () => ({ before: this.before() }),
    stream: ({ params }) => this.api.events(params.before),
  });
  /** The page on screen; a purge updates its rows in place while the list is read again. */
  protected readonly shown = linkedSignal<AuditEventView[] | undefined, AuditEventView[] | null>({
    source: () => (this.events.hasValue() ? this.events.value() : undefined),
    computation: (value, previous) => value ?? previous?.value ?? null,
  });
  protected readonly pages = computed(() => {
    const head = this.verification.hasValue() ? this.verification.value().count : null;
    return eventPages(this.before(), this.shown() ?? [], head);
  });

  protected readonly publishing = signal(false);
  protected readonly published = signal<CheckpointView | null>(null);
  protected readonly publishFailure = signal<Failure | null>(null);
  protected readonly copied = signal<'copied' | 'selected' | null>(null);
  protected readonly purgedSeq = signal<number | null>(null);

  private readonly purgeDialog = viewChild.required(AuditPurgeDialogComponent);

  protected async publish(): Promise<void> {
    this.publishing.set(true);
    this.published.set(null);
    this.publishFailure.set(null);
    try {
      this.published.set(await firstValueFrom(this.api.publishCheckpoint()));
      this.allCheckpoints.reload();
    } catch (error: unknown) {
      // A broken chain (409 chain_broken) names its first broken event.
      this.publishFailure.set(requestFailure(error));
    } finally {
      this.publishing.set(false);
      // Either way the chain was verified whole just now, and a checkpoint appends an event.
      this.verification.reload();
      this.events.reload();
    }
  }

  protected async copyHead(hash: string, code: HTMLElement): Promise<void> {
    try {
      // Absent outside a secure context (plain HTTP on another host): then select the text instead.
      const clipboard = this.document.defaultView?.navigator.clipboard;
      if (!clipboard) {
        throw new Error('no clipboard');
      }
      await clipboard.writeText(hash);
      this.copied.set('copied');
    } catch {
      const selection = this.document.getSelection();
      const range = this.document.createRange();
      range.selectNodeContents(code);
      selection?.removeAllRanges();
      selection?.addRange(range);
      this.copied.set('selected');
    }
  }

  protected askPurge(event: AuditEventView): void {
    this.purgedSeq.set(null);
    this.purgeDialog().open(event);
  }

  protected onPurged(event: AuditEventView): void {
    this.shown.update((events) => (events ? withPurged(events, event) : events));
    this.purgedSeq.set(event.seq);
    // The button that opened the dialog went with the purge: focus moves to what happened instead.
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('.audit-purge-done')?.focus(), { injector: this.injector });
    // The purge erased other events about the same record and appended its own: read both.
    this.events.reload();
    this.verification.reload();
  }

  protected reloadEvents(): void {
    this.events.reload();
  }
}
