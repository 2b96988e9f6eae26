import { UnauthorizedException } from '@nestjs/common';

import { ViewerGuard } from './viewer.guard';

describe(ViewerGuard.name, () => {
  const sut = new ViewerGuard();

  it('leaves a request with a refused token anonymous', () => {
    expect(sut.handleRequest(null, false)).toBeNull();
  });

  it('passes an account on', () => {
    const viewer = { id: 'u1' };
    expect(sut.handleRequest(null, viewer)).toBe(viewer);
  });

  it('lets an error reading the account through, so the request is not answered as signed out', () => {
    const outage = new Error('timeout exceeded when trying to connect');
    expect(() => sut.handleRequest(outage, false)).toThrow(outage);
  });

  it('keeps passport refusals as refusals', () => {
    expect(() => sut.handleRequest(new UnauthorizedException(), false)).toThrow(UnauthorizedException);
  });
});
