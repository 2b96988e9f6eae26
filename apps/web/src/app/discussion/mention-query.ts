import type { MentionInput, MessageAuthor } from '@suivi/contracts';
import { authorKey, authorLabel } from './author';

/** The `@word` being typed just before the caret, if any: what to suggest people for. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([^\s@]{0,40})$/.exec(text.slice(0, caret));
  if (!match) {
    return null;
  }
  return { start: caret - match[2].length - 1, query: match[2] };
}

/** The text with the `@query` at `start` replaced by the chosen person's `@label` and a space. */
export function insertMention(text: string, start: number, caret: number, author: MessageAuthor): { text: string; caret: number } {
  const inserted = `@${authorLabel(author)} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}

/** The people picked whose `@label` is still in the text, as the API takes them (once each). */
export function mentionsIn(body: string, picked: readonly MessageAuthor[]): MentionInput[] {
  const seen = new Set<string>();
  const out: MentionInput[] = [];
  for (const author of picked) {
    const key = authorKey(author);
    if (seen.has(key) || !body.includes(`@${authorLabel(author)}`)) {
      continue;
    }
    seen.add(key);
    out.push(author.kind === 'member' ? { kind: 'member', id: author.id } : { kind: 'pseudonym', pseudonym: author.pseudonym });
  }
  return out;
}
