import { DomainError } from '../common/domain-error';
import { LocalAuthGuard } from './local-auth.guard';

describe(LocalAuthGuard.name, () => {
  const sut = new LocalAuthGuard();

  it('refuses a sign-in that passport-local ended without a user (an empty email or password)', () => {
    expect(() => sut.handleRequest(null, false)).toThrow(expect.objectContaining({ code: 'wrong_credentials' }));
    expect(() => sut.handleRequest(null, undefined)).toThrow(DomainError);
  });

  it("passes the strategy's own refusal through", () => {
    const refusal = new DomainError('account_suspended', 'This account is suspended');
    expect(() => sut.handleRequest(refusal, false)).toThrow(refusal);
  });

  it('hands over the account the strategy checked', () => {
    const account = { id: 'u1' };
    expect(sut.handleRequest(null, account)).toBe(account);
  });
});
