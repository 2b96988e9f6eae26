import { HttpParams } from '@angular/common/http';
import { type ParamMap, type Params, convertToParamMap } from '@angular/router';
import {
  COMMITMENT_SORTS,
  type CommitmentFilters,
  type CommitmentSort,
  PAGE_SIZE_MAX,
  PROGRESS_STATUSES,
  REGIONS,
  STAKEHOLDER_GROUPS,
  THEMES,
  isOneOf,
} from '@suivi/contracts';

// The commitments page keeps its filters in the URL, so a filtered view can be shared and the
// back button undoes a change. These functions are the only translation between the two.

/** The filters a user can change one at a time from the page's controls. */
export type FilterKey = keyof Omit<CommitmentFilters, 'page' | 'pageSize'>;

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

/** Reads the filters from the URL, dropping anything malformed rather than sending it to the API. */
export function toFilters(params: ParamMap): CommitmentFilters {
  const page = positiveInt(text(params, 'page'));
  const pageSize = positiveInt(text(params, 'pageSize'));
  const filters: CommitmentFilters = {
    status: pick(PROGRESS_STATUSES, text(params, 'status')),
    owner: text(params, 'owner'),
    group: pick(STAKEHOLDER_GROUPS, text(params, 'group')),
    theme: pick(THEMES, text(params, 'theme')),
    region: pick(REGIONS, text(params, 'region')),
    overdue: params.get('overdue') === 'true' || undefined,
    contested: params.get('contested') === 'true' || undefined,
    q: text(params, 'q'),
    page: page && page > 1 ? page : undefined,
    pageSize: pageSize ? Math.min(pageSize, PAGE_SIZE_MAX) : undefined,
    sort: pick(COMMITMENT_SORTS, text(params, 'sort')),
  };
  return withoutEmpty(filters);
}

/** The query params for a set of filters; defaults are left out, so URLs stay short. */
export function toQueryParams(filters: CommitmentFilters): Params {
  const params: Params = {};
  for (const [key, value] of Object.entries(withoutEmpty(filters))) {
    if (key === 'page' && value === 1) {
      continue;
    }
    params[key] = String(value);
  }
  return params;
}

/** The query params after one control changed: any change of filter starts again at page 1. */
export function changeFilter(current: CommitmentFilters, key: FilterKey, value: string | boolean | null): Params {
  const raw: Params = { ...toQueryParams(current), [key]: value === false || value === null ? '' : String(value) };
  delete raw['page'];
  return toQueryParams(toFilters(convertToParamMap(raw)));
}

export function pageParams(current: CommitmentFilters, page: number): Params {
  return toQueryParams({ ...current, page });
}

export function toHttpParams(filters: CommitmentFilters): HttpParams {
  return new HttpParams({ fromObject: toQueryParams(filters) });
}

/**
 * The query of a CSV download of the list as filtered (search and sort too): every page, so no
 * paging. Empty when nothing narrows the list.
 */
export function exportQuery(filters: CommitmentFilters): string {
  const query = toHttpParams({ ...filters, page: undefined, pageSize: undefined }).toString();
  return query ? `?${query}` : '';
}

/** How many filters narrow the list (search, sort and paging aside). */
export function activeFilterCount(filters: CommitmentFilters): number {
  const keys: FilterKey[] = ['status', 'owner', 'group', 'theme', 'region', 'overdue', 'contested'];
  return keys.filter((k) => filters[k] !== undefined).length;
}

function withoutEmpty(filters: CommitmentFilters): CommitmentFilters {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '' && v !== false)) as CommitmentFilters;
}

/** Translation key of a sort option: '-due' reads as 'due_desc'. */
export function sortKey(sort: CommitmentSort): string {
  return sort.startsWith('-') ? `${sort.slice(1)}_desc` : sort;
}
