import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, linkedSignal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { type FollowInput, type FollowView, type SubjectType, can } from '@suivi/contracts';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';

/** What the signed-in person follows: read once per session, kept current by their own follows. */
@Injectable({ providedIn: 'root' })
export class FollowsStore {
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthService);

  /** The same rule as the API's: active accounts follow. */
  readonly mayFollow = computed(() => can.follow(this.auth.viewer()));

  private readonly mine = rxResource({
    params: () => (this.mayFollow() ? this.auth.me()?.id : undefined),
    stream: () => this.http.get<FollowView[]>('/api/me/follows'),
  });
  /** Null until known. */
  readonly follows = linkedSignal<FollowView[] | null>(() => (this.mine.hasValue() ? this.mine.value() : null));
  readonly failedToLoad = computed(() => this.mine.error() !== undefined);

  find(subjectType: SubjectType, subjectId: string): FollowView | null {
    return this.follows()?.find((f) => f.subjectType === subjectType && f.subjectId === subjectId) ?? null;
  }

  async follow(input: FollowInput): Promise<FollowView> {
    const follow = await firstValueFrom(this.http.post<FollowView>('/api/follows', input));
    this.follows.update((list) => [follow, ...(list ?? []).filter((f) => f.id !== follow.id)]);
    return follow;
  }

  async unfollow(follow: FollowView): Promise<void> {
    await firstValueFrom(this.http.delete<void>(`/api/follows/${encodeURIComponent(follow.id)}`));
    this.follows.update((list) => (list ?? []).filter((f) => f.id !== follow.id));
  }

  reload(): void {
    this.mine.reload();
  }
}
