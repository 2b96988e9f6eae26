import { signal } from '@angular/core';
import type { ControlValueAccessor } from '@angular/forms';

/**
 * The value side of a group of checkboxes bound to a form control holding a list: what is
 * checked, kept in the order of the options offered.
 */
export abstract class MultiChoice implements ControlValueAccessor {
  protected readonly selected = signal<readonly string[]>([]);
  protected readonly disabled = signal(false);
  private onChange: (value: string[]) => void = () => undefined;
  protected onTouched: () => void = () => undefined;

  /** Every option, in the order the list is kept in. */
  protected abstract order(): readonly string[];

  writeValue(value: readonly string[] | null): void {
    this.selected.set([...(value ?? [])]);
  }

  registerOnChange(fn: (value: string[]) => void): void {
    this.onChange = fn;
  }

  registerOnTouched(fn: () => void): void {
    this.onTouched = fn;
  }

  setDisabledState(disabled: boolean): void {
    this.disabled.set(disabled);
  }

  protected isChecked(value: string): boolean {
    return this.selected().includes(value);
  }

  protected toggle(value: string, event: Event): void {
    const on = (event.target as HTMLInputElement).checked;
    const chosen = new Set(this.selected());
    if (on) {
      chosen.add(value);
    } else {
      chosen.delete(value);
    }
    const order = this.order();
    // Values not among the options (an organisation since removed) stay, at the end.
    const next = [...order.filter((v) => chosen.has(v)), ...[...chosen].filter((v) => !order.includes(v))];
    this.selected.set(next);
    this.onChange(next);
    this.onTouched();
  }
}
