import { HttpException } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';

import { takeFromBudget } from './per-person-budget';

describe(takeFromBudget.name, () => {
  const storage = new ThrottlerStorageService();
  afterAll(() => storage.onApplicationShutdown());
  const budget = (key: string) => ({ key, name: 'imports', limit: 3, windowMs: 60_000 });

  it('lets a person take their budget, then answers 429 with how long to wait, per person', async () => {
    for (let i = 0; i < 3; i++) {
      await takeFromBudget(storage, budget('awa'), () => 'too fast');
    }
    const refused = await takeFromBudget(storage, budget('awa'), (s) => `wait ${s} s`).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HttpException);
    expect((refused as HttpException).getStatus()).toBe(429);
    const body = (refused as HttpException).getResponse() as { message: string; retryAfter: number };
    expect(body.retryAfter).toBeGreaterThan(0);
    expect(body.message).toBe(`wait ${body.retryAfter} s`);
    await expect(takeFromBudget(storage, budget('moussa'), () => 'too fast')).resolves.toBeUndefined();
  });
});
