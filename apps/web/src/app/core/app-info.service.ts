import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import type { AppInfoView } from '@suivi/contracts';
import { catchError, of } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class AppInfoService {
  private readonly http = inject(HttpClient);

  /** Null until known, or when /api/info does not answer: the banner then stays hidden. */
  readonly info = toSignal(this.http.get<AppInfoView>('/api/info').pipe(catchError(() => of(null))), {
    initialValue: null,
  });
}
