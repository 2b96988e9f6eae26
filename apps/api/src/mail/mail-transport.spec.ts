import { mailError } from './mail-transport';

describe('mail errors', () => {
  it('keep the server code and reply, and no address', () => {
    const error = Object.assign(new Error('x'), {
      code: 'EENVELOPE',
      responseCode: 550,
      response: '550 5.1.1 <amina@example.org>: no such\n mailbox',
    });
    expect(mailError(error)).toBe('EENVELOPE 550 550 5.1.1 <<address>>: no such mailbox');
  });
});
