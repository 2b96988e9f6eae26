import type { AbstractControl, FormGroup, ValidationErrors } from '@angular/forms';
import type { FieldError } from '../shared/forms/form-errors';

/** A group-level check that the new password was typed the same twice. */
export function samePasswords(group: AbstractControl): ValidationErrors | null {
  const { newPassword, confirm } = (group as FormGroup).getRawValue() as { newPassword: string; confirm: string };
  return confirm && newPassword !== confirm ? { mismatch: true } : null;
}

/** The repeat field's message: its own error, else the group's mismatch. */
export function confirmError(group: FormGroup, own: FieldError | null, show: boolean): FieldError | null {
  if (own || !show) {
    return own;
  }
  return group.hasError('mismatch') ? { key: 'forms.errors.mismatch', params: {} } : null;
}
