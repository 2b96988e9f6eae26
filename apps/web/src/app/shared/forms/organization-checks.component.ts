import { ChangeDetectionStrategy, Component, computed, forwardRef, inject, input, signal } from '@angular/core';
import { NG_VALUE_ACCESSOR } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import type { OrganizationRef } from '@suivi/contracts';
import { LanguageService } from '../../core/language.service';
import { organizationGroups } from '../organization-groups';
import { MultiChoice } from './multi-choice';

/**
 * Several organisations (a dialogue's participants, a commitment's supporters): checkboxes grouped
 * by stakeholder group, narrowed by a search box. What is checked stays listed whatever the search.
 */
@Component({
  selector: 'suivi-organization-checks',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe],
  providers: [{ provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => OrganizationChecksComponent), multi: true }],
  template: `
    <fieldset class="field-group org-checks" [attr.aria-describedby]="describedBy()">
      <legend>{{ legend() | transloco }}</legend>
      <p class="field-hint">{{ 'orgPicker.chosen' | transloco: { count: selected().length } }}</p>
      <div class="field">
        <label class="org-picker-search" [for]="idp() + '-search'"
          ><span>{{ 'orgPicker.search' | transloco }}</span></label
        >
        <input
          type="search"
          autocomplete="off"
          [id]="idp() + '-search'"
          [value]="query()"
          [disabled]="disabled()"
          (input)="onQuery($event)"
          (keydown.enter)="$event.preventDefault()"
        />
      </div>
      <p class="visually-hidden" role="status">
        @if (query().trim()) {
          {{ 'orgPicker.matches' | transloco: { count: matchCount() } }}
        }
      </p>
      <div class="org-checks-list">
        @for (group of groups(); track group.group) {
          <fieldset class="checks">
            <legend>{{ 'groups.' + group.group | transloco }}</legend>
            <ul class="plain-list">
              @for (option of group.options; track option.id) {
                <li>
                  <label>
                    <input
                      type="checkbox"
                      [checked]="isChecked(option.id)"
                      [disabled]="disabled()"
                      (change)="toggle(option.id, $event)"
                      (blur)="onTouched()"
                    />
                    {{ option.label }}
                  </label>
                </li>
              }
            </ul>
          </fieldset>
        } @empty {
          <p class="field-hint">{{ 'orgPicker.none' | transloco }}</p>
        }
      </div>
    </fieldset>
  `,
})
export class OrganizationChecksComponent extends MultiChoice {
  readonly idp = input.required<string>();
  readonly legend = input.required<string>();
  readonly organizations = input.required<readonly OrganizationRef[]>();
  /** An organisation not offered here (a commitment's owner among its supporters). */
  readonly exclude = input<string | null>(null);
  readonly describedBy = input<string | null>(null);

  private readonly lang = inject(LanguageService).lang;
  protected readonly query = signal('');
  private readonly offered = computed(() => this.organizations().filter((o) => o.id !== this.exclude()));
  protected readonly groups = computed(() => organizationGroups(this.offered(), this.lang(), this.query(), this.selected()));
  protected readonly matchCount = computed(() =>
    organizationGroups(this.offered(), this.lang(), this.query()).reduce((n, g) => n + g.options.length, 0),
  );

  protected onQuery(event: Event): void {
    this.query.set((event.target as HTMLInputElement).value);
  }

  protected order(): readonly string[] {
    return this.organizations().map((o) => o.id);
  }
}
