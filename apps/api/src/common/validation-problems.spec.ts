import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { PROBLEM_CODES } from '@suivi/contracts';
import { getMetadataStorage, type ValidationError } from 'class-validator';

import { CONSTRAINT_CODES, validationProblems } from './validation-problems';

/** Every file of the API that declares request shapes. */
function dtoFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return dtoFiles(path);
    }
    return entry.name.endsWith('.dto.ts') ? [path] : [];
  });
}

/** The constraint names a failed validation can carry, for every decorator the loaded classes declare. */
function declaredConstraints(): Set<string> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, Array<{ type: string; name?: string }>> };
  const names = new Set<string>();
  for (const list of storage.validationMetadatas.values()) {
    for (const metadata of list) {
      if (metadata.type === 'customValidation' && metadata.name) {
        names.add(metadata.name);
      } else if (!['conditionalValidation', 'customValidation'].includes(metadata.type)) {
        // nestedValidation, whitelistValidation, isDefined, …: the type is the constraint's name.
        names.add(metadata.type);
      }
    }
  }
  return names;
}

describe('validation problems', () => {
  it('knows a code for every constraint the API declares, so no field is refused as merely "invalid"', async () => {
    for (const file of dtoFiles(join(__dirname, '..'))) {
      await import(file);
    }
    const declared = declaredConstraints();
    expect(declared.size).toBeGreaterThan(15);
    const unknown = [...declared].filter((name) => name !== 'isLength' && !CONSTRAINT_CODES[name]);
    expect(unknown).toEqual([]);
  });

  it('maps only to problem codes of the vocabulary', () => {
    for (const { code } of Object.values(CONSTRAINT_CODES)) {
      expect(PROBLEM_CODES).toHaveProperty(code);
    }
  });

  it('says a Length that is too long or too short with the bound that was crossed', () => {
    class Reason {}
    const error = (value: string): ValidationError =>
      Object.assign(Object.create(null) as ValidationError, {
        property: 'reason',
        value,
        target: new Reason(),
        constraints: { isLength: 'reason must be longer than or equal to 3 characters' },
        children: [],
      });
    // Without declared metadata the bounds are unknown: still the right side of the rule.
    expect(validationProblems([error('ab')])[0]).toMatchObject({ field: 'reason', code: 'too_short' });
  });
});
