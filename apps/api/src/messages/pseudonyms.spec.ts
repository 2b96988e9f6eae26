import { posesAsPseudonym } from '@suivi/contracts';

import { pseudonymFor } from './messages.service';

describe(pseudonymFor.name, () => {
  const key = 'k'.repeat(48);
  const [awa, moussa] = ['0b7c4c1e-6c39-4a4e-9a43-1f8d7f1b0a01', '7f1e4c1e-6c39-4a4e-9a43-1f8d7f1b0a02'];
  const [threadA, threadB] = ['1a2b3c4d-0000-4000-8000-000000000001', '1a2b3c4d-0000-4000-8000-000000000002'];

  it('is stable for one person in one thread', () => {
    expect(pseudonymFor(key, awa, threadA)).toBe(pseudonymFor(key, awa, threadA));
    expect(pseudonymFor(key, awa, threadA)).toMatch(/^\p{L}+ [2-9A-HJ-NP-Z]{4}$/u);
  });

  it('differs between people, between threads and under another key', () => {
    expect(pseudonymFor(key, awa, threadA)).not.toBe(pseudonymFor(key, moussa, threadA));
    expect(pseudonymFor(key, awa, threadA)).not.toBe(pseudonymFor(key, awa, threadB));
    expect(pseudonymFor(key, awa, threadA)).not.toBe(pseudonymFor('x'.repeat(48), awa, threadA));
  });

  it('keeps the first pseudonyms at epoch 0 and gives each later epoch its own', () => {
    // The value pseudonyms had before epochs existed: a migration must change nobody's.
    expect(pseudonymFor(key, awa, threadA, 0)).toBe('Néré 7CW2');
    expect(pseudonymFor(key, awa, threadA)).toBe('Néré 7CW2');
    const epochs = [0, 1, 2, 3].map((epoch) => pseudonymFor(key, awa, threadA, epoch));
    expect(new Set(epochs).size).toBe(4);
    epochs.forEach((p) => expect(posesAsPseudonym(p)).toBe(true));
  });

  it('never contains the person or thread id', () => {
    const p = pseudonymFor(key, awa, threadA);
    expect(p).not.toContain(awa.slice(0, 4));
    expect(p).not.toContain(threadA.slice(0, 4));
  });
});
