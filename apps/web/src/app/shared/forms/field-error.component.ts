import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { SayPipe } from '../../core/say.pipe';
import type { FieldError } from './form-errors';

/** A field's validation message, with the id that the input's aria-describedby points to. */
@Component({
  selector: 'suivi-field-error',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe, SayPipe],
  template: `
    @if (error(); as e) {
      <p class="field-error" [id]="controlId() + '-error'">
        <span class="visually-hidden">{{ 'forms.errorPrefix' | transloco }}</span>
        {{ e | say }}
      </p>
    }
  `,
})
export class FieldErrorComponent {
  /** The input's id; the message's id is `<controlId>-error`. */
  readonly controlId = input.required<string>();
  readonly error = input<FieldError | null>(null);
}
