import type { EntityManager } from 'typeorm';

import { changedRows } from './sql';

const manager = (result: unknown) => ({ query: async () => result }) as unknown as EntityManager;

describe(changedRows.name, () => {
  it('unwraps the [rows, count] answer of UPDATE … RETURNING', async () => {
    expect(await changedRows(manager([[{ id: 1 }], 1]), 'UPDATE', [])).toEqual([{ id: 1 }]);
    expect(await changedRows(manager([[], 0]), 'UPDATE', [])).toEqual([]);
  });

  it('passes plain row arrays through', async () => {
    expect(await changedRows(manager([{ id: 2 }]), 'INSERT', [])).toEqual([{ id: 2 }]);
  });
});
