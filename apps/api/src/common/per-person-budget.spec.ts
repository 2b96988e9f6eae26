import { ThrottlerStorageService } from '@nestjs/throttler';

import { DomainError } from './domain-error';
import { takeFromBudget } from './per-person-budget';

describe(takeFromBudget.name, () => {
  const storage = new ThrottlerStorageService();
  afterAll(() => storage.onApplicationShutdown());
  const budget = (key: string) => ({ key, name: 'imports', limit: 3, windowMs: 60_000, code: 'too_many_imports' as const });

  it('lets a person take their budget, then answers 429 with how long to wait, per person', async () => {
    for (let i = 0; i < 3; i++) {
      await takeFromBudget(storage, budget('awa'), () => 'too fast');
    }
    const refused = await takeFromBudget(storage, budget('awa'), (s) => `wait ${s} s`).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    const error = refused as DomainError;
    expect(error.code).toBe('too_many_imports');
    const retryAfter = error.params['retryAfter'] as number;
    expect(retryAfter).toBeGreaterThan(0);
    expect(error.extra).toEqual({ retryAfter });
    expect(error.message).toBe(`wait ${retryAfter} s`);
    await expect(takeFromBudget(storage, budget('moussa'), () => 'too fast')).resolves.toBeUndefined();
  });
});
