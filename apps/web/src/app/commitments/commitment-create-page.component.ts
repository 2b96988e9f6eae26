import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { CommitmentView } from '@suivi/contracts';
import { BilingualPipe } from '../core/bilingual.pipe';
import { DialoguesApi } from '../dialogues/dialogues-api.service';
import { LoadStateComponent } from '../shared/load-state.component';
import { CommitmentEditComponent } from './commitment-edit.component';

/** The secretariat adds a commitment (`/commitments/new?dialogue=<id>`): which dialogue, then the commitment's form. */
@Component({
  selector: 'suivi-commitment-create-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, TranslocoPipe, BilingualPipe, CommitmentEditComponent, LoadStateComponent],
  template: `
    <p class="breadcrumb">
      <a routerLink="/commitments">{{ 'commitment.backToList' | transloco }}</a>
    </p>
    <h1>{{ 'commitmentEdit.newTitle' | transloco }}</h1>
    @if (dialogues.hasValue()) {
      <div class="form">
        <div class="field">
          <label for="commitment-dialogue">{{ 'commitmentEdit.dialogue' | transloco }}</label>
          <p class="field-hint" id="commitment-dialogue-hint">{{ 'commitmentEdit.dialogueHint' | transloco }}</p>
          <select id="commitment-dialogue" aria-describedby="commitment-dialogue-hint" (change)="choose($event)">
            @for (d of dialogues.value(); track d.id) {
              <option [value]="d.id" [selected]="d.id === chosen()">{{ (d.title | bilingual).text }}</option>
            }
          </select>
        </div>
      </div>
      @if (chosen(); as dialogueId) {
        <suivi-commitment-edit [dialogueId]="dialogueId" (saved)="created($event)" />
      } @else {
        <p class="notice">{{ 'dialogues.none' | transloco }}</p>
      }
    } @else {
      <suivi-load-state [error]="dialogues.error()" minHeight="30rem" (retry)="dialogues.reload()" />
    }
  `,
})
export class CommitmentCreatePageComponent {
  /** The `?dialogue=` query parameter: the dialogue to start with. */
  readonly dialogue = input<string>();

  private readonly api = inject(DialoguesApi);
  private readonly router = inject(Router);
  protected readonly dialogues = rxResource({ stream: () => this.api.list() });
  private readonly known = computed(() => (this.dialogues.hasValue() ? this.dialogues.value() : []));
  /** The dialogue asked for if it exists, else the most recent one (the list comes newest first). */
  protected readonly chosen = linkedSignal(() => {
    const asked = this.dialogue();
    return this.known().find((d) => d.id === asked)?.id ?? this.known()[0]?.id ?? null;
  });

  protected choose(event: Event): void {
    this.chosen.set((event.target as HTMLSelectElement).value);
  }

  protected async created(commitment: CommitmentView): Promise<void> {
    await this.router.navigate(['/commitments', commitment.id]);
  }
}
