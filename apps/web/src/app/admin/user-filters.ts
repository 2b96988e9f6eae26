import type { ParamMap, Params } from '@angular/router';
import { ACCOUNT_STATUSES, PAGE_SIZE_MAX, PLATFORM_ROLES, type UserListQuery, isOneOf } from '@suivi/contracts';

// The accounts page keeps its filters in the URL, as the commitments page does: a filtered view
// survives a reload and the back button undoes a change.

export type UserFilterKey = 'status' | 'role' | 'organizationId' | 'q';

function text(params: ParamMap, key: string): string | undefined {
  return params.get(key)?.trim() || undefined;
}

function positiveInt(value: string | undefined): number | undefined {
  const n = value && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** Reads the filters from the URL, dropping anything malformed rather than sending it to the API. */
export function toUserQuery(params: ParamMap): UserListQuery {
  const status = text(params, 'status');
  const role = text(params, 'role');
  const page = positiveInt(text(params, 'page'));
  const pageSize = positiveInt(text(params, 'pageSize'));
  return withoutEmpty({
    status: isOneOf(ACCOUNT_STATUSES, status) ? status : undefined,
    role: isOneOf(PLATFORM_ROLES, role) ? role : undefined,
    organizationId: text(params, 'organizationId'),
    q: text(params, 'q'),
    page: page && page > 1 ? page : undefined,
    pageSize: pageSize ? Math.min(pageSize, PAGE_SIZE_MAX) : undefined,
  });
}

/** Query params for the URL and the API; defaults left out. */
export function toUserParams(query: UserListQuery): Params {
  const params: Params = {};
  for (const [key, value] of Object.entries(withoutEmpty(query))) {
    if (key === 'page' && value === 1) {
      continue;
    }
    params[key] = String(value);
  }
  return params;
}

/** The query params after one filter changed: back to page 1. */
export function changeUserFilter(current: UserListQuery, key: UserFilterKey, value: string | null): Params {
  return toUserParams({ ...current, [key]: value || undefined, page: undefined });
}

function withoutEmpty(query: UserListQuery): UserListQuery {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== '')) as UserListQuery;
}
