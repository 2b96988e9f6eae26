/**
 * An IntersectionObserver the spec drives: `scrollIntoView()` reports every observed element as
 * on screen, as scrolling down the page would (`@defer (on viewport)`, the charts' own loading).
 * Install it in `beforeEach` and restore it in `afterEach`.
 */
export class FakeIntersectionObserver {
  private static readonly observers = new Set<FakeIntersectionObserver>();
  private static original: typeof IntersectionObserver | undefined;
  private readonly targets = new Set<Element>();

  constructor(private readonly callback: IntersectionObserverCallback) {
    FakeIntersectionObserver.observers.add(this);
  }

  static install(): void {
    this.original = globalThis.IntersectionObserver;
    globalThis.IntersectionObserver = FakeIntersectionObserver as unknown as typeof IntersectionObserver;
  }

  static restore(): void {
    if (this.original) {
      globalThis.IntersectionObserver = this.original;
    }
    this.observers.clear();
  }

  /** Reports everything observed so far as intersecting (once per call). */
  static scrollIntoView(): void {
    for (const observer of [...this.observers]) {
      const entries = [...observer.targets].map((target) => ({ target, isIntersecting: true }) as IntersectionObserverEntry);
      if (entries.length) {
        observer.callback(entries, observer as unknown as IntersectionObserver);
      }
    }
  }

  observe(target: Element): void {
    this.targets.add(target);
  }

  unobserve(target: Element): void {
    this.targets.delete(target);
  }

  disconnect(): void {
    this.targets.clear();
    FakeIntersectionObserver.observers.delete(this);
  }

  takeRecords(): IntersectionObserverEntry[] {
    return [];
  }
}
