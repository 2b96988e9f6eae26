import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ChangePasswordRequest,
  LoginResponse,
  MeView,
  NewcomerView,
  RegisterRequest,
  ResetPasswordRequest,
  UpdateMeRequest,
} from '@suivi/contracts';

/** One's own account. Signing in, renewing and signing out belong to AuthService. */
@Injectable({ providedIn: 'root' })
export class AccountsApi {
  private readonly http = inject(HttpClient);

  /** 202 whether or not the email is already registered. */
  register(request: RegisterRequest) {
    return this.http.post<{ message: string }>('/api/auth/register', request);
  }

  resetPassword(request: ResetPasswordRequest) {
    return this.http.post<void>('/api/auth/reset', request);
  }

  me() {
    return this.http.get<MeView>('/api/me');
  }

  updateMe(request: UpdateMeRequest) {
    return this.http.patch<MeView>('/api/me', request);
  }

  /** A new session: the server signs out every other one. */
  changePassword(request: ChangePasswordRequest) {
    return this.http.post<LoginResponse>('/api/me/password', request);
  }

  newcomers() {
    return this.http.get<NewcomerView[]>('/api/me/organization/newcomers');
  }

  confirmNewcomer(id: string) {
    return this.http.post<void>(`/api/users/${encodeURIComponent(id)}/confirm`, null);
  }
}
