import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { LocalDatePipe } from '../core/local-format.pipes';

@Component({
  selector: 'suivi-dialogue-dates',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe, LocalDatePipe],
  template: `
    @if (start() === end()) {
      <time [attr.datetime]="start()">{{ start() | localDate: 'longDate' }}</time>
    } @else {
      {{ 'dialogue.dates' | transloco: { start: (start() | localDate: 'longDate'), end: (end() | localDate: 'longDate') } }}
    }
  `,
})
export class DialogueDatesComponent {
  readonly start = input.required<string>();
  readonly end = input.required<string>();
}
