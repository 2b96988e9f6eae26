import { can, type ThreadView, type ThreadVisibility, type SubjectType, type Viewer } from '@suivi/contracts';

// A thread's title: a channel's own, otherwise that of what it discusses.
export const THREAD_COLUMNS = `
  t.id, t.subject_type, t.subject_id, t.dialogue_id, t.visibility, t.locked, t.last_seq, t.message_count,
  t.last_message_at, t.created_at,
  coalesce((SELECT array_agg(dp.organization_id) FROM dialogue_participants dp WHERE dp.dialogue_id = t.dialogue_id), '{}') AS participants,
  CASE
    WHEN t.title_en IS NOT NULL OR t.title_fr IS NOT NULL THEN jsonb_strip_nulls(jsonb_build_object('en', t.title_en, 'fr', t.title_fr))
    WHEN t.subject_type = 'commitment' THEN
      (SELECT jsonb_strip_nulls(jsonb_build_object('en', c.title_en, 'fr', c.title_fr)) FROM commitments c WHERE c.id = t.subject_id)
    WHEN t.subject_type = 'dialogue' THEN
      (SELECT jsonb_strip_nulls(jsonb_build_object('en', d.title_en, 'fr', d.title_fr)) FROM dialogues d WHERE d.id = t.subject_id)
    WHEN t.subject_type = 'recommendation' THEN
      (SELECT jsonb_strip_nulls(jsonb_build_object('en', r.code || ' — ' || r.text_en, 'fr', r.code || ' — ' || r.text_fr))
         FROM recommendations r WHERE r.id = t.subject_id)
    ELSE '{}'::jsonb
  END AS title`;

export interface ThreadRow {
  id: string;
  subject_type: SubjectType | null;
  subject_id: string | null;
  dialogue_id: string | null;
  visibility: ThreadVisibility;
  locked: boolean;
  last_seq: string;
  message_count: number;
  last_message_at: Date | null;
  created_at: Date;
  participants: string[];
  title: ThreadView['title'];
}

/** `restricted`: the reader may not post anywhere for now (muted or barred). */
export function toThreadView(row: ThreadRow, viewer: Viewer | null, restricted: boolean): ThreadView {
  const access = { visibility: row.visibility, participantOrganizationIds: row.participants, locked: row.locked };
  const canPost = !restricted && can.postInThread(viewer, access);
  return {
    id: row.id,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    dialogueId: row.dialogue_id,
    title: row.title,
    visibility: row.visibility,
    locked: row.locked,
    lastSeq: Number(row.last_seq),
    messageCount: row.message_count,
    lastMessageAt: row.last_message_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    canPost,
    canPostPseudonymously: canPost && can.postPseudonymously(viewer),
  };
}
