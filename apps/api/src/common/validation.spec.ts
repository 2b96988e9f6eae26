import { plainToInstance, Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested, validateSync } from 'class-validator';

import { DomainError } from './domain-error';
import { ParseSequencePipe, validationError } from './validation';

class Child {
  @IsString() unit: string;
}
class Parent {
  @IsInt() @Min(1) pageSize: number;
  @ValidateNested({ each: true }) @Type(() => Child) items: Child[];
}

describe(validationError.name, () => {
  it('names top-level and nested fields, in the message and in the problems', () => {
    const errors = validateSync(plainToInstance(Parent, { pageSize: 'abc', items: [{ unit: 3 }] }));
    const sut = validationError(errors);
    expect(sut.code).toBe('invalid_input');
    expect(sut.messages).toEqual(expect.arrayContaining([expect.stringMatching(/^pageSize /), expect.stringMatching(/^items\.0\.unit /)]));
    expect(sut.problems).toEqual(
      expect.arrayContaining([
        { field: 'pageSize', code: 'number', params: {} },
        { field: 'pageSize', code: 'min', params: { min: 1 } },
        { field: 'items.0.unit', code: 'not_text', params: {} },
      ]),
    );
  });
});

describe(ParseSequencePipe.name, () => {
  const sut = new ParseSequencePipe();
  const meta = { type: 'param', data: 'seq' } as const;

  it('takes a whole number of 1 or more', () => {
    expect(sut.transform('42', meta)).toBe(42);
  });

  it.each(['0', '-1', '1.5', '1e3', 'abc', '', '99999999999999999999'])('refuses %p with a 400 naming the parameter', (value) => {
    expect(() => sut.transform(value, meta)).toThrow(DomainError);
    expect(() => sut.transform(value, meta)).toThrow(
      expect.objectContaining({
        messages: [expect.stringMatching(/^seq /)],
        problems: [{ field: 'seq', code: 'min', params: { min: 1 } }],
      }),
    );
  });
});
