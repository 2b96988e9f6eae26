import { convertToParamMap } from '@angular/router';
import type { Viewer } from '@suivi/contracts';
import {
  changeThreadFilter,
  isNarrowed,
  threadHttpParams,
  threadPageParams,
  toThreadFilters,
  toThreadQueryParams,
  visibilityOptions,
} from './thread-filters';

const member = (overrides: Partial<Viewer> = {}): Viewer => ({
  id: 'user-3',
  role: 'member',
  status: 'active',
  organizationId: 'org-civil',
  group: 'civil_society',
  ...overrides,
});

describe('discussion filters ↔ query params', () => {
  it('reads every filter from the URL, trimmed, and drops what the API would refuse', () => {
    const params = convertToParamMap({
      q: '  puits de Kidal ',
      subject: 'general',
      visibility: 'group:civil_society',
      unread: 'true',
      sort: 'unread',
      page: '3',
      pageSize: '500',
      bogus: 'x',
    });

    expect(toThreadFilters(params, member())).toEqual({
      q: 'puits de Kidal',
      subject: 'general',
      visibility: 'group:civil_society',
      unread: true,
      sort: 'unread',
      page: 3,
      pageSize: 100,
    });
    expect(toThreadFilters(convertToParamMap({ subject: 'channel', visibility: 'group:all', sort: 'loud', page: '-1' }), member())).toEqual(
      {},
    );
  });

  it('drops unread filters for whoever keeps no read marks, so a shared link never answers with an error', () => {
    const params = convertToParamMap({ unread: 'true', sort: 'unread', q: 'pôle' });

    expect(toThreadFilters(params, null)).toEqual({ q: 'pôle' });
    expect(toThreadFilters(params, member({ status: 'pending' }))).toEqual({ q: 'pôle' });
    expect(toThreadFilters(convertToParamMap({ sort: 'activity' }), null)).toEqual({ sort: 'activity' });
  });

  it('keeps URLs short: defaults left out, and any change of filter back at page 1', () => {
    expect(toThreadQueryParams({ sort: 'activity', page: 1, q: 'pôle' })).toEqual({ q: 'pôle' });
    expect(changeThreadFilter({ subject: 'commitment', page: 4 }, 'unread', true, member())).toEqual({
      subject: 'commitment',
      unread: 'true',
    });
    expect(changeThreadFilter({ subject: 'commitment', unread: true }, 'unread', false, member())).toEqual({ subject: 'commitment' });
    expect(changeThreadFilter({ subject: 'commitment' }, 'subject', null, member())).toEqual({});
    expect(threadPageParams({ visibility: 'public' }, 2)).toEqual({ visibility: 'public', page: '2' });
    expect(threadHttpParams({ q: 'a b', unread: true }).toString()).toBe('q=a%20b&unread=true');
  });

  it('tells a narrowed list from the whole one (sorting and paging narrow nothing)', () => {
    expect(isNarrowed({ sort: 'unread', page: 2 })).toBe(false);
    expect(isNarrowed({ q: 'x' })).toBe(true);
    expect(isNarrowed({ unread: true })).toBe(true);
  });

  it('offers as audiences only those of threads the reader may read', () => {
    expect(visibilityOptions(null)).toEqual(['public']);
    expect(visibilityOptions(member({ status: 'suspended' }))).toEqual(['public']);
    expect(visibilityOptions(member())).toEqual(['public', 'participants', 'group:civil_society']);
    expect(visibilityOptions(member({ group: 'government', organizationId: 'org-justice' }))).toEqual([
      'public',
      'participants',
      'group:government',
    ]);
    expect(visibilityOptions(member({ role: 'secretariat', group: 'secretariat', organizationId: 'org-sec' }))).toHaveLength(9);
  });
});
