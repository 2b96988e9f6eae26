import { plainToInstance, Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested, validateSync } from 'class-validator';

import { flattenValidationErrors, ParseSequencePipe } from './validation';

class Child {
  @IsString() unit: string;
}
class Parent {
  @IsInt() @Min(1) pageSize: number;
  @ValidateNested({ each: true }) @Type(() => Child) items: Child[];
}

describe(flattenValidationErrors.name, () => {
  it('names top-level and nested fields', () => {
    const errors = validateSync(plainToInstance(Parent, { pageSize: 'abc', items: [{ unit: 3 }] }));
    const messages = flattenValidationErrors(errors);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/^pageSize /), expect.stringMatching(/^items\.0\.unit /)]));
  });
});

describe(ParseSequencePipe.name, () => {
  const sut = new ParseSequencePipe();
  const meta = { type: 'param', data: 'seq' } as const;

  it('takes a whole number of 1 or more', () => {
    expect(sut.transform('42', meta)).toBe(42);
  });

  it.each(['0', '-1', '1.5', '1e3', 'abc', '', '99999999999999999999'])('refuses %p with a 400 naming the parameter', (value) => {
    expect(() => sut.transform(value, meta)).toThrow(
      expect.objectContaining({ response: expect.objectContaining({ message: [expect.stringMatching(/^seq /)] }) }),
    );
  });
});
