import { Injectable } from '@nestjs/common';
import type { Viewer } from '@suivi/contracts';

/** Reads a resource as `viewer` may see it now: the same read its own GET makes. */
export type ReplayReader = (id: string, viewer: Viewer) => Promise<unknown>;

/**
 * How a replay reads each resource again. A feature registers its reader beside its creating
 * route, so this folder knows no feature. A replay never answers from a stored body: the
 * resource as it reads now, for the same person (hidden, purged or no longer theirs since).
 */
@Injectable()
export class IdempotencyReplays {
  private readonly readers = new Map<string, ReplayReader>();

  register(resource: string, reader: ReplayReader): void {
    this.readers.set(resource, reader);
  }

  read(resource: string, id: string, viewer: Viewer): Promise<unknown> {
    const reader = this.readers.get(resource);
    if (!reader) {
      throw new Error(`No idempotency replay reader is registered for ${resource}`);
    }
    return reader(id, viewer);
  }

  has(resource: string): boolean {
    return this.readers.has(resource);
  }
}
