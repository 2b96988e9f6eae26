import { createHmac } from 'node:crypto';

import { PSEUDONYM_CODE_ALPHABET, PSEUDONYM_CODE_LENGTH, PSEUDONYM_WORDS } from '@suivi/contracts';

/**
 * A person's pseudonym in one thread for one epoch of their account: stable for them there,
 * unrelated across threads and epochs, and impossible to link to them without PSEUDONYM_KEY (an
 * HMAC, not a hash anyone could recompute). Epoch 0 keeps the input pseudonyms were first made
 * from, so a migration changes nobody's pseudonym; a reset advances the epoch (DESIGN.md).
 */
export function pseudonymFor(key: string, userId: string, threadId: string, epoch = 0): string {
  const input = epoch === 0 ? `pseudonym:v1:${threadId}:${userId}` : `pseudonym:v1:${threadId}:${userId}:epoch:${epoch}`;
  const mac = createHmac('sha256', key).update(input).digest();
  const word = PSEUDONYM_WORDS[mac.readUInt16BE(0) % PSEUDONYM_WORDS.length];
  let code = '';
  for (let i = 2; i < 2 + PSEUDONYM_CODE_LENGTH; i++) {
    code += PSEUDONYM_CODE_ALPHABET[mac[i] % PSEUDONYM_CODE_ALPHABET.length];
  }
  return `${word} ${code}`;
}
