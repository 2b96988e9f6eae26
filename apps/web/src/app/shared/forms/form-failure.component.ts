import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { SayPipe } from '../../core/say.pipe';
import type { Failure } from './form-errors';

/**
 * The message above a form for a refusal that names none of its fields. It takes the focus when
 * nothing in the form is marked invalid (focusFirstProblem looks for `.form-failure`).
 */
@Component({
  selector: 'suivi-form-failure',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SayPipe],
  host: { class: 'notice notice-error form-failure', role: 'alert', tabindex: '-1' },
  template: `<p>{{ failure() | say }}</p>`,
})
export class FormFailureComponent {
  readonly failure = input.required<Failure>();
}
