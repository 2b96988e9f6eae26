import { canonicalEvent, canonicalJson, chainHash, GENESIS_HASH, sha256 } from './canonical';

describe(canonicalJson.name, () => {
  it('sorts keys at every depth so equal data gives equal text', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'é' } })).toBe('{"a":{"c":"é","d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('writes dates as ISO strings and drops undefined', () => {
    expect(canonicalJson({ at: new Date('2014-10-14T09:00:00Z'), gone: undefined })).toBe('{"at":"2014-10-14T09:00:00.000Z"}');
  });

  it('refuses numbers JSON cannot represent', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(TypeError);
  });
});

describe(chainHash.name, () => {
  it('chains each event to the one before it', () => {
    const first = canonicalEvent({
      seq: 1,
      at: '2014-10-14T09:00:00.000Z',
      actor: 'system',
      action: 'dialogue.created',
      entityType: 'dialogue',
      entityId: 'd1',
      subject: 'dialogue:d1',
      dataDigest: sha256('x'),
    });
    const h1 = chainHash(GENESIS_HASH, first);
    expect(h1).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(h1, first)).not.toBe(h1);
  });
});
