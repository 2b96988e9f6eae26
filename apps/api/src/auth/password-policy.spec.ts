import { passwordProblem } from './password-policy';

describe(passwordProblem.name, () => {
  it.each(['short', 'password123', 'azertyuiop', 'motdepasse1', 'qwertyuiop!', 'aaaaaaaaaaaa'])('refuses %s', (password) => {
    expect(passwordProblem(password)).toMatch(/^password /);
  });

  it('refuses a password built on the person’s own email or name', () => {
    expect(passwordProblem('aminata.traore-2014', 'password', ['aminata.traore@example.org', 'Aminata'])).toMatch(/email or name/);
  });

  it('names the field it checks', () => {
    expect(passwordProblem('short', 'newPassword')).toMatch(/^newPassword /);
  });

  it('accepts a long, uncommon passphrase', () => {
    expect(passwordProblem('baobab sous la pluie de Ségou')).toBeNull();
  });
});
