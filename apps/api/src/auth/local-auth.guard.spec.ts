import { ForbiddenException, UnauthorizedException } from '@nestjs/common';

import { LocalAuthGuard } from './local-auth.guard';

describe(LocalAuthGuard.name, () => {
  const sut = new LocalAuthGuard();

  it('refuses a sign-in that passport-local ended without a user (an empty email or password)', () => {
    expect(() => sut.handleRequest(null, false)).toThrow(UnauthorizedException);
    expect(() => sut.handleRequest(null, undefined)).toThrow(UnauthorizedException);
  });

  it("passes the strategy's own refusal through", () => {
    const refusal = new ForbiddenException('This account waits for approval');
    expect(() => sut.handleRequest(refusal, false)).toThrow(refusal);
  });

  it('hands over the account the strategy checked', () => {
    const account = { id: 'u1' };
    expect(sut.handleRequest(null, account)).toBe(account);
  });
});
