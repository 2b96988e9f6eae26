import { HttpParams } from '@angular/common/http';
import { type ParamMap, type Params, convertToParamMap } from '@angular/router';
import {
  PAGE_SIZE_MAX,
  THREAD_SEARCH_MAX_LENGTH,
  THREAD_SORTS,
  THREAD_SUBJECT_FILTERS,
  THREAD_VISIBILITIES,
  type ThreadFilters,
  type ThreadVisibility,
  type Viewer,
  can,
  isOneOf,
} from '@suivi/contracts';

// The discussions list keeps its search and filters in the URL, so a filtered list can be shared,
// survives a reload, and the back button undoes a change. These functions are the only
// translation between the two (as commitment-filters.ts is for the commitments list).

export type ThreadFilterKey = keyof Omit<ThreadFilters, 'page' | 'pageSize'>;

function text(params: ParamMap, key: string): string | undefined {
  return params.get(key)?.trim() || undefined;
}

function positiveInt(value: string | undefined): number | undefined {
  const n = value && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function pick<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return isOneOf(values, value) ? value : undefined;
}

/**
 * Reads the filters from the URL, dropping anything malformed rather than sending it to the API.
 * Unread filters need read marks: for whoever keeps none (signed out, a pending account) they are
 * dropped too, so a shared link never answers them with an error.
 */
export function toThreadFilters(params: ParamMap, viewer: Viewer | null): ThreadFilters {
  const marks = can.markThreadsRead(viewer);
  const page = positiveInt(text(params, 'page'));
  const pageSize = positiveInt(text(params, 'pageSize'));
  const sort = pick(THREAD_SORTS, text(params, 'sort'));
  return withoutEmpty({
    q: text(params, 'q')?.slice(0, THREAD_SEARCH_MAX_LENGTH),
    subject: pick(THREAD_SUBJECT_FILTERS, text(params, 'subject')),
    visibility: pick(THREAD_VISIBILITIES, text(params, 'visibility')),
    unread: (marks && params.get('unread') === 'true') || undefined,
    sort: sort === 'unread' && !marks ? undefined : sort,
    page: page && page > 1 ? page : undefined,
    pageSize: pageSize ? Math.min(pageSize, PAGE_SIZE_MAX) : undefined,
  });
}

/** The query params for a set of filters; defaults are left out, so URLs stay short. */
export function toThreadQueryParams(filters: ThreadFilters): Params {
  const params: Params = {};
  for (const [key, value] of Object.entries(withoutEmpty(filters))) {
    if ((key === 'page' && value === 1) || (key === 'sort' && value === 'activity')) {
      continue;
    }
    params[key] = String(value);
  }
  return params;
}

/** The query params after one control changed: any change of filter starts again at page 1. */
export function changeThreadFilter(
  current: ThreadFilters,
  key: ThreadFilterKey,
  value: string | boolean | null,
  viewer: Viewer | null,
): Params {
  const raw: Params = { ...toThreadQueryParams(current), [key]: value === false || value === null ? '' : String(value) };
  delete raw['page'];
  return toThreadQueryParams(toThreadFilters(convertToParamMap(raw), viewer));
}

export function threadPageParams(current: ThreadFilters, page: number): Params {
  return toThreadQueryParams({ ...current, page });
}

export function threadHttpParams(filters: ThreadFilters): HttpParams {
  return new HttpParams({ fromObject: toThreadQueryParams(filters) });
}

/** Whether anything narrows the list (search included): "none" then means "none matches". */
export function isNarrowed(filters: ThreadFilters): boolean {
  return Boolean(filters.q || filters.subject || filters.visibility || filters.unread);
}

/**
 * The audiences worth offering as a filter: those of threads this reader may read (the shared
 * rule, asked as if every dialogue had the reader's organisation among its participants).
 */
export function visibilityOptions(viewer: Viewer | null): ThreadVisibility[] {
  const participants = viewer?.organizationId ? [viewer.organizationId] : [];
  return THREAD_VISIBILITIES.filter((visibility) => can.readThread(viewer, { visibility, participantOrganizationIds: participants }));
}

function withoutEmpty(filters: ThreadFilters): ThreadFilters {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '' && v !== false)) as ThreadFilters;
}
