import { plainToInstance, Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested, validateSync } from 'class-validator';

import { flattenValidationErrors } from './validation';

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
