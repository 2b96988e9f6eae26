import { quotedSentence } from './quoted-sentence';

describe(quotedSentence.name, () => {
  it('ends a sentence once when the quoted words end with their own mark, in English and French', () => {
    expect(quotedSentence('Their reason: “Off topic.”.')).toBe('Their reason: “Off topic.”');
    expect(quotedSentence('Their reason: “Why here?”.')).toBe('Their reason: “Why here?”');
    expect(quotedSentence('Leur motif\u00a0: «\u00a0Hors sujet.\u00a0».')).toBe('Leur motif\u00a0: «\u00a0Hors sujet.\u00a0»');
  });

  it('keeps the full stop after words that do not end a sentence', () => {
    expect(quotedSentence('Their reason: “Off topic”.')).toBe('Their reason: “Off topic”.');
    expect(quotedSentence('Leur motif\u00a0: «\u00a0Hors sujet\u00a0».')).toBe('Leur motif\u00a0: «\u00a0Hors sujet\u00a0».');
    expect(quotedSentence('No quote here.')).toBe('No quote here.');
  });
});
