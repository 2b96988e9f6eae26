import { SingleFlight } from './single-flight';

describe(SingleFlight.name, () => {
  it('shares one read between callers asking at the same moment, and reads again once it is over', async () => {
    const flight = new SingleFlight<number>();
    let reads = 0;
    let release: (value: number) => void = () => undefined;
    const read = () => {
      reads++;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const a = flight.run('c1', read);
    const b = flight.run('c1', read);
    const other = flight.run('c2', () => Promise.resolve(7));
    release(1);
    expect(await Promise.all([a, b, other])).toEqual([1, 1, 7]);
    expect(reads).toBe(1);

    const c = flight.run('c1', read);
    release(2);
    expect(await c).toBe(2);
    expect(reads).toBe(2);
  });

  it('lets the next caller try again after a failed read', async () => {
    const flight = new SingleFlight<number>();
    await expect(flight.run('c1', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await flight.run('c1', () => Promise.resolve(3))).toBe(3);
  });
});
