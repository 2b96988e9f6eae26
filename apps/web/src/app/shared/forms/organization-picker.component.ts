import { ChangeDetectionStrategy, Component, computed, forwardRef, inject, input, signal } from '@angular/core';
import { type ControlValueAccessor, NG_VALUE_ACCESSOR } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import type { OrganizationRef } from '@suivi/contracts';
import { LanguageService } from '../../core/language.service';
import { organizationGroups } from '../organization-groups';

/**
 * Chooses an organisation: a search box that narrows a native select grouped by stakeholder
 * group (a native select works with every screen reader and phone). The parent's <label> points
 * at `selectId`; the search box has its own label.
 */
@Component({
  selector: 'suivi-organization-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe],
  providers: [{ provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => OrganizationPickerComponent), multi: true }],
  template: `
    <div class="org-picker">
      <label class="org-picker-search" [for]="selectId() + '-search'">
        <span>{{ 'orgPicker.search' | transloco }}</span>
        <input
          type="search"
          autocomplete="off"
          [id]="selectId() + '-search'"
          [value]="query()"
          [disabled]="disabled()"
          [attr.aria-controls]="selectId()"
          (input)="onQuery($event)"
          (keydown.enter)="$event.preventDefault()"
        />
      </label>
      <p class="visually-hidden" role="status">
        @if (query().trim()) {
          {{ 'orgPicker.matches' | transloco: { count: matchCount() } }}
        }
      </p>
      <select
        [id]="selectId()"
        [disabled]="disabled()"
        [attr.aria-invalid]="invalid() || null"
        [attr.aria-describedby]="describedBy()"
        [attr.aria-required]="required() || null"
        (change)="onSelect($event)"
        (blur)="onTouched()"
      >
        <option value="" [selected]="!value()">{{ placeholder() ?? ('orgPicker.choose' | transloco) }}</option>
        @for (group of groups(); track group.group) {
          <optgroup [label]="'groups.' + group.group | transloco">
            @for (option of group.options; track option.id) {
              <option [value]="option.id" [selected]="option.id === value()">{{ option.label }}</option>
            }
          </optgroup>
        }
      </select>
      @if (query().trim() && matchCount() === 0) {
        <p class="field-hint">{{ 'orgPicker.none' | transloco }}</p>
      }
    </div>
  `,
})
export class OrganizationPickerComponent implements ControlValueAccessor {
  readonly selectId = input.required<string>();
  readonly organizations = input.required<readonly OrganizationRef[]>();
  readonly invalid = input(false);
  readonly required = input(false);
  readonly describedBy = input<string | null>(null);
  /** The empty option's text; "Choose an organisation" by default. */
  readonly placeholder = input<string | null>(null);

  private readonly lang = inject(LanguageService).lang;
  protected readonly value = signal<string>('');
  protected readonly query = signal('');
  protected readonly disabled = signal(false);

  protected readonly groups = computed(() => organizationGroups(this.organizations(), this.lang(), this.query(), this.value() || null));
  /** How many organisations the search finds (the kept choice aside), announced to screen readers. */
  protected readonly matchCount = computed(() =>
    organizationGroups(this.organizations(), this.lang(), this.query()).reduce((n, g) => n + g.options.length, 0),
  );

  private onChange: (value: string) => void = () => undefined;
  protected onTouched: () => void = () => undefined;

  writeValue(value: string | null): void {
    this.value.set(value ?? '');
  }

  registerOnChange(fn: (value: string) => void): void {
    this.onChange = fn;
  }

  registerOnTouched(fn: () => void): void {
    this.onTouched = fn;
  }

  setDisabledState(disabled: boolean): void {
    this.disabled.set(disabled);
  }

  protected onQuery(event: Event): void {
    this.query.set((event.target as HTMLInputElement).value);
  }

  protected onSelect(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.value.set(value);
    this.onChange(value);
  }
}
