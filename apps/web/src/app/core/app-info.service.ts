import { HttpClient } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import type { AppInfoView } from '@suivi/contracts';
import { catchError, firstValueFrom, map, of, tap } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class AppInfoService {
  private readonly http = inject(HttpClient);
  private readonly state = signal<AppInfoView | null>(null);
  private request: Promise<void> | null = null;

  /** Null until known, or when /api/info does not answer: the banner then stays hidden. */
  readonly info = this.state.asReadonly();

  constructor() {
    void this.load();
  }

  /**
   * Reads /api/info once; resolves when it has answered or failed. The app initializer waits for
   * it (a short while at most), so the demonstration banner is there at first paint, not pushed in.
   */
  load(): Promise<void> {
    // Set as the answer arrives (tap), not a microtask later, so the same change detection shows it.
    this.request ??= firstValueFrom(
      this.http.get<AppInfoView>('/api/info').pipe(
        tap((info) => this.state.set(info)),
        map(() => undefined),
        catchError(() => of(undefined)),
      ),
    );
    return this.request;
  }
}
