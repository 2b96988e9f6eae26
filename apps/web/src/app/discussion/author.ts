import type { MessageAuthor } from '@suivi/contracts';

/** One person as a key: a member by id, a pseudonym by itself (it is stable within a thread). */
export function authorKey(author: MessageAuthor): string {
  return author.kind === 'member' ? `member:${author.id}` : `pseudonym:${author.pseudonym}`;
}

/** The text by which a person is mentioned (`@` + it) and announced as typing. */
export function authorLabel(author: MessageAuthor): string {
  return author.kind === 'member' ? author.name : author.pseudonym;
}
