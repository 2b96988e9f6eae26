import { DomainError } from './domain-error';
import { UuidPipe } from './uuid.pipe';

describe(UuidPipe.name, () => {
  const pipe = new UuidPipe();

  it('passes a UUID through', async () => {
    const id = '0b0e7c6a-9a7e-4c53-8a52-3c1f1f7f3a10';
    await expect(pipe.transform(id, { type: 'param', data: 'id' })).resolves.toBe(id);
  });

  it('names the parameter in its 400', async () => {
    const refusal = pipe.transform('42', { type: 'param', data: 'id' });
    await expect(refusal).rejects.toBeInstanceOf(DomainError);
    await expect(refusal).rejects.toMatchObject({ messages: ['id must be a UUID'], problems: [{ field: 'id', code: 'uuid', params: {} }] });
  });
});
