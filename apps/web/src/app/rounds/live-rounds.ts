import type { RoundSummary } from '@suivi/contracts';
import { type Observable, filter } from 'rxjs';
import type { RealtimeService } from '../core/realtime/realtime.service';

/** A dialogue's rounds as they change (a report, an edit, an opening or a closing), from its public room. */
export function roundUpdates(realtime: RealtimeService, dialogueId: string): Observable<RoundSummary> {
  return realtime.listen('round.updated', `dialogue:${dialogueId}`).pipe(filter((r) => r.dialogueId === dialogueId));
}
