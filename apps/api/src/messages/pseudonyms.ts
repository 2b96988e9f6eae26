import { createHmac } from 'node:crypto';

// Words that read the same in French and English: trees, rivers and animals of the Sahel.
const WORDS = (
  'Acacia Addax Bani Baobab Balanzan Calao Doum Falémé Fennec Fromager Gazelle Guépard Héron Hibiscus Jujubier Kapokier ' +
  'Karité Lamantin Marabout Néré Niger Oryx Outarde Pélican Rônier Sankarani Tamarin Tisserin Touraco Varan Vautour Zébu'
).split(' ');
// No 0/O or 1/I: a pseudonym is read aloud and copied by hand.
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * A person's pseudonym in one thread: stable for them there, unrelated across threads, and
 * impossible to link to them without PSEUDONYM_KEY (an HMAC, not a hash anyone could recompute).
 */
export function pseudonymFor(key: string, userId: string, threadId: string): string {
  const mac = createHmac('sha256', key).update(`pseudonym:v1:${threadId}:${userId}`).digest();
  const word = WORDS[mac.readUInt16BE(0) % WORDS.length];
  let code = '';
  for (let i = 2; i < 6; i++) {
    code += CODE_ALPHABET[mac[i] % CODE_ALPHABET.length];
  }
  return `${word} ${code}`;
}
