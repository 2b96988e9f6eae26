import { isErasable, RECORD_KINDS } from './records';

describe('RECORD_KINDS', () => {
  // A kind given an `erase` but not named erasable would be purged without its feature hearing of it.
  it('names as erasable exactly the kinds whose words a purge erases', () => {
    expect(RECORD_KINDS.filter((k) => k.erase).map((k) => k.type)).toEqual(
      RECORD_KINDS.filter((k) => isErasable(k.type)).map((k) => k.type),
    );
  });
});
