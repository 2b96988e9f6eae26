import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import type { SubjectType } from '@suivi/contracts';
import { errorCode } from '../../core/http-error';
import { type Failure, requestFailure } from '../forms/form-errors';
import { FollowsStore } from './follows.store';
import { SayPipe } from '../../core/say.pipe';

/** Follow or unfollow a dialogue, recommendation or commitment; offered to active accounts only. */
@Component({
  selector: 'suivi-follow-button',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SayPipe, TranslocoPipe],
  template: `
    @if (store.mayFollow()) {
      <div class="follow">
        <button
          type="button"
          class="button"
          [class.button-secondary]="following()"
          [disabled]="busy() || store.follows() === null"
          (click)="toggle()"
        >
          {{ (following() ? 'follow.unfollow' : 'follow.follow') | transloco
          }}<span class="visually-hidden"> {{ 'follow.subject.' + subjectType() | transloco }}</span>
        </button>
        <p class="follow-state" role="status">
          @if (following()) {
            {{ 'follow.following.' + subjectType() | transloco }}
          } @else if (stopped()) {
            {{ 'follow.stopped' | transloco }}
          }
        </p>
        @if (failure(); as f) {
          <p class="field-error" role="alert">{{ f | say }}</p>
        }
      </div>
    }
  `,
})
export class FollowButtonComponent {
  readonly subjectType = input.required<SubjectType>();
  readonly subjectId = input.required<string>();

  protected readonly store = inject(FollowsStore);
  protected readonly following = computed(() => this.store.find(this.subjectType(), this.subjectId()) !== null);
  protected readonly busy = signal(false);
  protected readonly stopped = signal(false);
  protected readonly failure = signal<Failure | null>(null);

  protected async toggle(): Promise<void> {
    const existing = this.store.find(this.subjectType(), this.subjectId());
    this.busy.set(true);
    this.failure.set(null);
    try {
      if (existing) {
        await this.store.unfollow(existing);
        this.stopped.set(true);
      } else {
        await this.store.follow({ subjectType: this.subjectType(), subjectId: this.subjectId() });
        this.stopped.set(false);
      }
    } catch (error: unknown) {
      // Already unfollowed elsewhere (another tab): what the server knows is the truth.
      if (errorCode(error) === 'not_found') {
        this.store.reload();
      }
      this.failure.set(requestFailure(error));
    } finally {
      this.busy.set(false);
    }
  }
}
