import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

import { CreateCommitmentDto } from '../commitments/commitment-input.dto';
import { CreateReportDto } from '../reports/reports.dto';
import { DomainError, invalidField, notFound } from '../common/domain-error';
import { validationProblems } from '../common/validation-problems';
import { refusalProblems } from './import-errors';

const problemsOf = <T extends object>(type: new () => T, plain: object) =>
  validationProblems(validateSync(plainToInstance(type, plain), { whitelist: true, forbidNonWhitelisted: true }));

describe(validationProblems.name, () => {
  it('gives each failed constraint its code, with the limit or the list the decorator was declared with', () => {
    const problems = problemsOf(CreateReportDto, {
      kind: 'self_report',
      status: 'finished',
      percent: 150,
      narrative: { en: 'x'.repeat(10_001) },
      evidenceLinks: ['ftp://example.org/a.pdf'],
    });
    const byField = Object.fromEntries(problems.map((p) => [p.field, { code: p.code, params: p.params }]));

    expect(byField['status']).toEqual({
      code: 'not_allowed',
      params: { allowed: 'not_started, in_progress, stalled, completed, withdrawn' },
    });
    expect(byField['percent']).toEqual({ code: 'max', params: { max: 100 } });
    expect(byField['narrative.en']).toEqual({ code: 'too_long', params: { max: 10_000 } });
    expect(byField['evidenceLinks']).toEqual({ code: 'url', params: {} });
    // The English message stays as the API has always written it, naming the field.
    expect(problems.find((p) => p.field === 'percent')?.message).toMatch(/^percent must not be greater than 100/);
  });

  it('names nested fields by their path, and says a missing text or a bad date by code', () => {
    const problems = problemsOf(CreateCommitmentDto, {
      dialogueId: 'not-an-id',
      title: {},
      ownerId: '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
      dueDate: '31/12/2027',
      indicators: [{ name: { en: 'Judges' }, unit: 'u'.repeat(41) }],
      colour: 'red',
    });
    expect(problems.map((p) => [p.field, p.code])).toEqual(
      expect.arrayContaining([
        ['dialogueId', 'uuid'],
        ['title', 'one_language'],
        ['dueDate', 'date'],
        ['indicators.0.unit', 'too_long'],
        ['colour', 'unknown_field'],
      ]),
    );
  });
});

describe(refusalProblems.name, () => {
  it.each([
    [
      invalidField('dueDate', 'date_order', 'dueDate must not be before startDate', { after: 'startDate' }),
      'date_order',
      { after: 'startDate' },
      'dueDate',
    ],
    [
      invalidField(
        'recommendationIds',
        'unknown_recommendation_code',
        'recommendationIds: unknown recommendation code R9, R8 in this dialogue',
        {
          codes: 'R9, R8',
        },
      ),
      'unknown_recommendation_code',
      { codes: 'R9, R8' },
      'recommendationIds',
    ],
    [notFound('commitment', '1f0e'), 'unknown_commitment', {}, 'commitment_id'],
    [
      new DomainError('owner_organization_only', 'Self-reports are written by members of the owner organisation'),
      'forbidden',
      {},
      'commitment_id',
    ],
    [new DomainError('stale_edit', 'changed meanwhile'), 'conflict', {}, undefined],
    [new DomainError('too_many_imports', 'wait', { retryAfter: 3 }), 'other', {}, undefined],
  ])('%s → %s', (error, code, params, field) => {
    expect(refusalProblems(error)).toEqual([{ code, params, message: error.message, field }]);
  });

  it('is null for what is not a refusal: a failure to write is the caller’s to report', () => {
    expect(refusalProblems(new Error('connection lost'))).toBeNull();
    expect(refusalProblems(new DomainError('unavailable', 'down'))).toBeNull();
  });
});
