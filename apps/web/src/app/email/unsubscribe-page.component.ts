import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { UnsubscribePreview, UnsubscribeResult } from '@suivi/contracts';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { httpStatus } from '../core/http-error';
import { SayPipe } from '../core/say.pipe';
import { type Failure, requestFailure } from '../shared/forms/form-errors';
import { LoadStateComponent } from '../shared/load-state.component';
import { EmailApi } from './email-api.service';

export type UnsubscribeState = 'loading' | 'error' | 'invalid' | 'ask' | 'already' | 'done';

/** A refusal of the link itself: 400 `link_invalid` on `token` (or a token the API would not even read). */
function refusesLink(error: unknown): boolean {
  return httpStatus(error) === 400;
}

/**
 * The page a mail's unsubscribe link opens, `/email/unsubscribe?token=…`, signed in or not: it
 * reads what the link would change (a GET changes nothing, for mail scanners follow links), asks,
 * and stops that one category of mail with a POST. The address is shown masked, as the API gives
 * it: a forwarded mail's link tells no one the whole address.
 */
@Component({
  selector: 'suivi-unsubscribe-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, TranslocoPipe, SayPipe, LoadStateComponent],
  templateUrl: './unsubscribe-page.component.html',
})
export class UnsubscribePageComponent {
  /** The `token` query parameter. */
  readonly token = input<string | undefined>();

  private readonly api = inject(EmailApi);
  private readonly host: ElementRef<HTMLElement> = inject(ElementRef);
  private readonly injector = inject(Injector);
  protected readonly signedIn = inject(AuthService).signedIn;

  protected readonly preview = rxResource({
    params: () => this.token() || undefined,
    stream: ({ params }) => this.api.unsubscribePreview(params),
  });
  protected readonly sending = signal(false);
  protected readonly failure = signal<Failure | null>(null);
  /** The POST refused the link (it changed meanwhile): said as a link that is not valid. */
  private readonly refused = signal(false);
  /** What the POST answered: the category is off now. */
  protected readonly result = signal<UnsubscribeResult | null>(null);

  /** What the link would change, once read. */
  protected readonly shown = computed<UnsubscribePreview | null>(() => (this.preview.hasValue() ? this.preview.value() : null));

  protected readonly state = computed<UnsubscribeState>(() => {
    if (!this.token() || this.refused()) {
      return 'invalid';
    }
    if (this.result()) {
      return 'done';
    }
    const error = this.preview.error();
    if (error) {
      return refusesLink(error) ? 'invalid' : 'error';
    }
    const preview = this.shown();
    if (!preview) {
      return 'loading';
    }
    return preview.cadence === 'off' ? 'already' : 'ask';
  });

  protected async unsubscribe(): Promise<void> {
    const token = this.token();
    if (!token || this.sending()) {
      return;
    }
    this.sending.set(true);
    this.failure.set(null);
    try {
      this.result.set(await firstValueFrom(this.api.unsubscribe(token)));
      this.focus('#unsubscribe-done-title');
    } catch (error: unknown) {
      if (refusesLink(error)) {
        this.refused.set(true);
        this.focus('h1');
      } else {
        this.failure.set(requestFailure(error));
        this.focus('.unsubscribe-failure');
      }
    } finally {
      this.sending.set(false);
    }
  }

  /** The page's words changed under the button: focus goes to what now says what happened. */
  private focus(selector: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), { injector: this.injector });
  }
}
