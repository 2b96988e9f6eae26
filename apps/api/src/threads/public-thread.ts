import type { SubjectType } from '@suivi/contracts';
import type { EntityManager } from 'typeorm';

import type { AuditActor, AuditService } from '../audit/audit.service';

/** Every dialogue, recommendation and commitment has a public thread from its creation. */
export async function createPublicThread(
  tx: EntityManager,
  audit: AuditService,
  subject: { type: SubjectType; id: string; dialogueId: string },
  actor: AuditActor,
): Promise<string> {
  const [thread] = (await tx.query(
    `INSERT INTO threads (subject_type, subject_id, dialogue_id, visibility) VALUES ($1, $2, $3, 'public') RETURNING id`,
    [subject.type, subject.id, subject.dialogueId],
  )) as Array<{ id: string }>;
  await audit.append(tx, {
    actor,
    action: 'thread.created',
    entityType: 'thread',
    entityId: thread.id,
    subject: `thread:${thread.id}`,
    data: { id: thread.id, subjectType: subject.type, subjectId: subject.id, visibility: 'public' },
  });
  return thread.id;
}
