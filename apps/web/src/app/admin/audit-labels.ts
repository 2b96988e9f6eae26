import { Injectable, inject } from '@angular/core';
import { TranslocoService } from '@jsverse/transloco';
import type { AuditEventView } from '@suivi/contracts';
import { LanguageService } from '../core/language.service';

/**
 * An audit event's action, subject and actor in the reader's language. Reads the language signal,
 * so a template that calls these shows the other language when it changes; an action or a kind of
 * record the translations do not know yet is shown as the chain records it.
 */
@Injectable({ providedIn: 'root' })
export class AuditLabels {
  private readonly transloco = inject(TranslocoService);
  private readonly lang = inject(LanguageService).lang;

  action(action: string): string {
    return this.known(`admin.audit.events.actions.${action.replace(/\./g, '_')}`) ?? action;
  }

  subject(event: Pick<AuditEventView, 'entityType' | 'entityId'>): string {
    if (event.entityType === 'audit_event' && event.entityId) {
      return this.transloco.translate('admin.audit.events.eventNo', { seq: event.entityId }, this.lang());
    }
    const kind = this.known(`admin.audit.events.entities.${event.entityType}`) ?? event.entityType;
    return event.entityId ? `${kind} ${event.entityId}` : kind;
  }

  /** A record as verification names it (`type:id`), its kind in the reader's language. */
  record(ref: string): { type: string; id: string } {
    const [type, ...rest] = ref.split(':');
    return { type: this.known(`admin.audit.events.entities.${type}`) ?? type, id: rest.join(':') };
  }

  /** An account by its name, a pseudonym as a pseudonym (never who is behind it), the application as "System". */
  actor(event: Pick<AuditEventView, 'actor' | 'actorName'>): string {
    const actor = event.actor ?? 'system';
    const [kind, ...rest] = actor.split(':');
    const value = rest.join(':');
    switch (kind) {
      case 'system':
        return this.transloco.translate('admin.audit.events.system', {}, this.lang());
      case 'pseudonym':
        return this.transloco.translate('admin.audit.events.pseudonym', { name: value }, this.lang());
      case 'user':
        return event.actorName ?? this.transloco.translate('admin.audit.events.account', { id: value.slice(0, 8) }, this.lang());
      default:
        return actor;
    }
  }

  private known(key: string): string | null {
    const translation = this.transloco.getTranslation(this.lang());
    return key in translation ? this.transloco.translate(key, {}, this.lang()) : null;
  }
}
