import { randomBytes, randomUUID } from 'node:crypto';

import { readUnsubscribeToken, unsubscribeToken } from './unsubscribe-token';

describe('unsubscribe tokens', () => {
  const key = randomBytes(32);
  const userId = randomUUID();

  it('names the person and the category it was signed for', () => {
    expect(readUnsubscribeToken(key, unsubscribeToken(key, userId, 'activity'))).toEqual({ userId, category: 'activity' });
  });

  it('refuses another key, another person, another category and a mangled token', () => {
    const token = unsubscribeToken(key, userId, 'activity');
    const [, , sig] = token.split('.');
    expect(readUnsubscribeToken(randomBytes(32), token)).toBeNull();
    expect(readUnsubscribeToken(key, `${randomUUID()}.activity.${sig}`)).toBeNull();
    expect(readUnsubscribeToken(key, `${userId}.account.${sig}`)).toBeNull();
    expect(readUnsubscribeToken(key, `${userId}.nonsense.${sig}`)).toBeNull();
    expect(readUnsubscribeToken(key, `${token}.x`)).toBeNull();
    expect(readUnsubscribeToken(key, token.slice(0, -2))).toBeNull();
    expect(readUnsubscribeToken(key, '')).toBeNull();
  });
});
