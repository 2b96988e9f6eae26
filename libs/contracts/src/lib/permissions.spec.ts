import { can, type Viewer } from './permissions';

const viewer = (over: Partial<Viewer> = {}): Viewer => ({
  id: 'u1',
  role: 'member',
  status: 'active',
  organizationId: 'org-cs',
  group: 'civil_society',
  ...over,
});

describe('can', () => {
  it('lets a civil-society member assess a commitment of another organisation, not its own', () => {
    expect(can.assess(viewer(), { ownerId: 'org-gov' })).toBe(true);
    expect(can.assess(viewer(), { ownerId: 'org-cs' })).toBe(false);
    expect(can.assess(viewer({ group: 'government', organizationId: 'org-x' }), { ownerId: 'org-gov' })).toBe(false);
  });

  it('lets only the owner organisation (or the secretariat) self-report', () => {
    expect(can.selfReport(viewer({ organizationId: 'org-gov', group: 'government' }), { ownerId: 'org-gov' })).toBe(true);
    expect(can.selfReport(viewer({ organizationId: 'org-x', group: 'government' }), { ownerId: 'org-gov' })).toBe(false);
    expect(can.selfReport(viewer({ role: 'secretariat', group: 'secretariat' }), { ownerId: 'org-gov' })).toBe(true);
  });

  it('treats pending and suspended accounts as the public', () => {
    for (const status of ['pending', 'suspended'] as const) {
      const v = viewer({ status, role: 'secretariat' });
      expect(can.curate(v)).toBe(false);
      expect(can.postPublic(v)).toBe(false);
      expect(can.readPublic(v)).toBe(true);
    }
  });

  it('lets a suspended account read its own status and nothing else, and a pending one keep its account', () => {
    expect(can.readOwnStatus(viewer({ status: 'suspended' }))).toBe(true);
    expect(can.manageOwnAccount(viewer({ status: 'suspended' }))).toBe(false);
    expect(can.manageOwnAccount(viewer({ status: 'pending' }))).toBe(true);
    expect(can.manageOwnAccount(viewer())).toBe(true);
    expect(can.readOwnStatus(null)).toBe(false);
    expect(can.manageOwnAccount(null)).toBe(false);
  });

  it('keeps group threads to that group and the secretariat', () => {
    const safe = { visibility: 'group:civil_society' as const, participantOrganizationIds: [] };
    expect(can.readThread(viewer(), safe)).toBe(true);
    expect(can.readThread(viewer({ group: 'government' }), safe)).toBe(false);
    expect(can.readThread(null, safe)).toBe(false);
    expect(can.readThread(viewer({ role: 'secretariat', group: 'secretariat' }), safe)).toBe(true);
  });

  it('opens participants threads to members of participating organisations only', () => {
    const t = { visibility: 'participants' as const, participantOrganizationIds: ['org-cs'] };
    expect(can.readThread(viewer(), t)).toBe(true);
    expect(can.readThread(viewer({ organizationId: 'org-other' }), t)).toBe(false);
  });

  it('offers pseudonymous posting to civil society only', () => {
    expect(can.postPseudonymously(viewer())).toBe(true);
    expect(can.postPseudonymously(viewer({ group: 'government' }))).toBe(false);
  });
});
