import { passwordProblem } from './password-policy';

describe(passwordProblem.name, () => {
  it.each(['short', 'password123', 'azertyuiop', 'motdepasse1', 'qwertyuiop!', 'aaaaaaaaaaaa'])('refuses %s', (password) => {
    expect(passwordProblem(password)).toMatchObject({ field: 'password', message: expect.stringMatching(/^password /) });
  });

  it('refuses a password built on the person’s own email or name', () => {
    expect(passwordProblem('aminata.traore-2014', 'password', ['aminata.traore@example.org', 'Aminata'])).toMatchObject({
      code: 'password_personal',
      message: expect.stringMatching(/email or name/),
    });
  });

  it('names the field it checks', () => {
    expect(passwordProblem('short', 'newPassword')).toMatchObject({ field: 'newPassword', code: 'password_short', params: { min: 10 } });
  });

  it('accepts a long, uncommon passphrase', () => {
    expect(passwordProblem('baobab sous la pluie de Ségou')).toBeNull();
  });
});
