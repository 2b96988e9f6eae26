import { convertToParamMap } from '@angular/router';
import {
  activeFilterCount,
  changeFilter,
  exportQuery,
  pageParams,
  sortKey,
  toFilters,
  toHttpParams,
  toQueryParams,
} from './commitment-filters';

const OWNER = '0b0f5d8e-1c57-4a7e-9d8c-2f4b6a1e3c90';

describe('commitment filters ↔ query params', () => {
  it('reads every filter from the URL', () => {
    const filters = toFilters(
      convertToParamMap({
        status: 'stalled',
        owner: OWNER,
        group: 'government',
        theme: 'justice_judiciary',
        region: 'mopti',
        overdue: 'true',
        contested: 'true',
        q: '  pôle judiciaire ',
        page: '3',
        pageSize: '50',
        sort: '-due',
      }),
    );

    expect(filters).toEqual({
      status: 'stalled',
      owner: OWNER,
      group: 'government',
      theme: 'justice_judiciary',
      region: 'mopti',
      overdue: true,
      contested: true,
      q: 'pôle judiciaire',
      page: 3,
      pageSize: 50,
      sort: '-due',
    });
  });

  it('drops what is malformed instead of sending it to the API', () => {
    const filters = toFilters(
      convertToParamMap({
        status: 'done',
        group: 'army',
        theme: '',
        region: 'paris',
        overdue: 'yes',
        contested: 'false',
        q: '   ',
        page: '-2',
        pageSize: 'many',
        sort: 'random',
      }),
    );

    expect(filters).toEqual({});
  });

  it('treats page 1 as the default and caps the page size', () => {
    expect(toFilters(convertToParamMap({ page: '1', pageSize: '1000' }))).toEqual({ pageSize: 100 });
    expect(toQueryParams({ page: 1 })).toEqual({});
  });

  it('writes only what differs from the defaults, as strings', () => {
    expect(toQueryParams({ status: 'completed', overdue: true, contested: false, q: '', page: 2 })).toEqual({
      status: 'completed',
      overdue: 'true',
      page: '2',
    });
  });

  it('round-trips: the URL a view writes reads back as the same view', () => {
    const filters = toFilters(convertToParamMap({ theme: 'ddr', region: 'gao', contested: 'true', q: 'DDR', page: '2', sort: 'title' }));
    expect(toFilters(convertToParamMap(toQueryParams(filters)))).toEqual(filters);
  });

  it('starts again at page 1 when a filter changes, keeping the others', () => {
    const current = { status: 'in_progress' as const, q: 'media', page: 4, sort: 'updated' as const };

    expect(changeFilter(current, 'theme', 'public_debate_media')).toEqual({
      status: 'in_progress',
      q: 'media',
      sort: 'updated',
      theme: 'public_debate_media',
    });
    expect(changeFilter(current, 'status', null)).toEqual({ q: 'media', sort: 'updated' });
    expect(changeFilter(current, 'overdue', true)).toEqual({ status: 'in_progress', q: 'media', sort: 'updated', overdue: 'true' });
    expect(changeFilter({ overdue: true }, 'overdue', false)).toEqual({});
    expect(changeFilter(current, 'status', 'nonsense')).toEqual({ q: 'media', sort: 'updated' });
  });

  it('keeps the filters when paging', () => {
    expect(pageParams({ status: 'stalled', page: 2 }, 3)).toEqual({ status: 'stalled', page: '3' });
    expect(pageParams({ status: 'stalled', page: 2 }, 1)).toEqual({ status: 'stalled' });
  });

  it('sends the same params to the API', () => {
    expect(toHttpParams({ group: 'civil_society', overdue: true, page: 2 }).toString()).toBe('group=civil_society&overdue=true&page=2');
  });

  it('downloads every page of the filtered list: the filters, search and sort, no paging', () => {
    expect(exportQuery({ theme: 'ddr', contested: true, q: 'pôle', sort: '-due', page: 3, pageSize: 50 })).toBe(
      '?theme=ddr&contested=true&q=p%C3%B4le&sort=-due',
    );
    expect(exportQuery({ page: 2 })).toBe('');
  });

  it('counts the filters that narrow the list', () => {
    expect(activeFilterCount({ q: 'x', sort: 'title', page: 2 })).toBe(0);
    expect(activeFilterCount({ status: 'stalled', overdue: true, owner: OWNER })).toBe(3);
  });

  it('names descending sorts for translation', () => {
    expect(sortKey('-updated')).toBe('updated_desc');
    expect(sortKey('relevance')).toBe('relevance');
  });
});
