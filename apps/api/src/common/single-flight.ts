/**
 * One read for callers that ask for the same thing at the same moment: each gets the result of
 * the read in flight when it asked. Right after a commit, the write's answer and its room's push
 * both read the record the write changed; a read that began after the commit is as fresh for
 * one as for the other.
 */
export class SingleFlight<V> {
  private readonly inFlight = new Map<string, Promise<V>>();

  run(key: string, read: () => Promise<V>): Promise<V> {
    const current = this.inFlight.get(key);
    if (current) {
      return current;
    }
    const started = read().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }
}
