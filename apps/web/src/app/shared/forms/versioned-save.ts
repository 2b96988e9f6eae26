import { signal } from '@angular/core';
import type { FormGroup } from '@angular/forms';
import { type Observable, firstValueFrom } from 'rxjs';
import { type Failure, type FormTexts, formFailure, staleCurrent } from './form-errors';

/** The fields whose value differs between two drafts (two versions of a record, in the form's shape). */
export function changedKeys<D extends object>(a: D, b: D): Array<keyof D & string> {
  return (Object.keys(a) as Array<keyof D & string>).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** Someone else's save since the draft began: the record as it now stands, and the fields they changed. */
export interface Conflict<T> {
  current: T;
  fields: string[];
}

/**
 * Saves a form's draft of a record that carries a version (a dialogue, a recommendation, a
 * commitment, a milestone). An edit sends the version it started from; a stale one (409) becomes
 * a conflict holding the record now saved, from which the person re-applies their draft or drops
 * it. A refusal's problems land on the fields they name. The draft itself stays in the form whatever happens.
 */
export class VersionedSave<T extends { version: number }> {
  /** The record the draft started from; null while creating. */
  readonly base = signal<T | null>(null);
  readonly sending = signal(false);
  readonly failure = signal<Failure | null>(null);
  readonly conflict = signal<Conflict<T> | null>(null);

  constructor(
    private readonly form: FormGroup,
    /** The fields (form names) that differ between two versions. */
    private readonly changed: (from: T, to: T) => string[],
    private readonly texts: FormTexts = {},
  ) {}

  start(record: T | null): void {
    this.base.set(record);
    this.conflict.set(null);
    this.failure.set(null);
  }

  /** Sends the draft (`request` gets the version to send, undefined to create); the saved record, or null. */
  async save(request: (version: number | undefined) => Observable<T>): Promise<T | null> {
    const base = this.base();
    this.sending.set(true);
    this.failure.set(null);
    try {
      const saved = await firstValueFrom(request(base?.version));
      this.start(saved);
      return saved;
    } catch (error: unknown) {
      const current = base ? staleCurrent<T>(error) : null;
      if (base && current) {
        this.conflict.set({ current, fields: this.changed(base, current) });
      } else {
        this.failure.set(formFailure(this.form, error, this.texts));
      }
      return null;
    } finally {
      this.sending.set(false);
    }
  }

  /** Sends the same draft again, on the version someone else saved. */
  async reapply(request: (version: number | undefined) => Observable<T>): Promise<T | null> {
    const conflict = this.conflict();
    if (!conflict) {
      return null;
    }
    this.base.set(conflict.current);
    return this.save(request);
  }

  /** Drops the draft: the record now saved, for the form to show instead. */
  discard(): T | null {
    const conflict = this.conflict();
    if (conflict) {
      this.start(conflict.current);
    }
    return conflict?.current ?? null;
  }
}
