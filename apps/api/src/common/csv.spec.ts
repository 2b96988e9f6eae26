import { parse } from 'csv-parse/sync';

import { neutraliseCell, restoreCell, toCsv } from './csv';

describe('CSV cells', () => {
  it.each(['=1+2', '+33 6 00', '-2', '@SUM(A1)', '\tx', '\rx', "'=already", "''=twice"])(
    'neutralises %j and restores it exactly',
    (value) => {
      const cell = neutraliseCell(value);
      expect(cell.startsWith("'")).toBe(true);
      expect(restoreCell(cell)).toBe(value);
    },
  );

  it.each(['Pôle judiciaire', "l'État", "'quoted", ''])('leaves %j alone', (value) => {
    expect(neutraliseCell(value)).toBe(value);
    expect(restoreCell(value)).toBe(value);
  });

  it('writes a BOM, quotes commas, quotes and newlines, and round-trips accents', () => {
    const text = toCsv(
      ['a', 'b'],
      [
        ['Ségou, "Mopti"', 'ligne 1\nligne 2'],
        [3, null],
      ],
    );
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(text.slice(1), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toEqual([
      { a: 'Ségou, "Mopti"', b: 'ligne 1\nligne 2' },
      { a: '3', b: '' },
    ]);
  });
});
