import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { LocalNumberPipe } from '../core/local-format.pipes';

/** A file's size in the reader's words: "850 KB", "2.4 MB" ("2,4 Mo" in French). */
@Component({
  selector: 'suivi-file-size',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe, LocalNumberPipe],
  template: `{{ 'files.' + size().unit | transloco: { n: (size().value | localNumber: '1.0-1') } }}`,
})
export class FileSizeComponent {
  readonly bytes = input.required<number>();
  protected readonly size = computed(() => {
    const kb = this.bytes() / 1024;
    return kb < 1024 ? { unit: 'kb', value: Math.max(1, Math.round(kb)) } : { unit: 'mb', value: Math.round((kb / 1024) * 10) / 10 };
  });
}
