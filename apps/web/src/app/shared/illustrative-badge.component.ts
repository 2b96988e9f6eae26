import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';

@Component({
  selector: 'suivi-illustrative-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe],
  template: `<span class="badge badge-illustrative" [title]="'demo.illustrativeHint' | transloco">{{
    'demo.illustrative' | transloco
  }}</span>`,
})
export class IllustrativeBadgeComponent {}
