import { can, type NewcomerAccess, type Viewer } from './permissions';

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

  it('keeps read marks for active members only: the public, pending and suspended accounts have none', () => {
    expect(can.markThreadsRead(viewer())).toBe(true);
    expect(can.markThreadsRead(viewer({ role: 'secretariat', group: 'secretariat' }))).toBe(true);
    expect(can.markThreadsRead(viewer({ status: 'pending' }))).toBe(false);
    expect(can.markThreadsRead(viewer({ status: 'suspended' }))).toBe(false);
    expect(can.markThreadsRead(null)).toBe(false);
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

  describe('confirming civil-society newcomers', () => {
    const newcomer = (over: Partial<NewcomerAccess> = {}): NewcomerAccess => ({
      id: 'n1',
      organizationId: 'org-new',
      confirmationBy: 'vouch',
      approved: true,
      approvedBy: 's1',
      ...over,
    });
    const secretariat = (id: string) => viewer({ id, role: 'secretariat', group: 'secretariat', organizationId: 'org-sec' });

    it('lets a member of the organisation confirm its newcomers, and nobody else', () => {
      const n = newcomer({ organizationId: 'org-cs', confirmationBy: 'member', approved: false, approvedBy: null });
      expect(can.confirmMember(viewer(), n)).toBe(true);
      expect(can.confirmMember(viewer({ organizationId: 'org-other' }), n)).toBe(false);
      expect(can.confirmMember(secretariat('s2'), n)).toBe(false);
      expect(can.confirmMember(viewer({ status: 'pending' }), n)).toBe(false);
    });

    it('lets a member of another civil-society organisation vouch for an approved first member', () => {
      expect(can.confirmMember(viewer(), newcomer())).toBe(true);
      expect(can.confirmMember(viewer(), newcomer({ approved: false, approvedBy: null }))).toBe(false);
      expect(can.confirmMember(viewer({ organizationId: 'org-new', status: 'pending' }), newcomer())).toBe(false);
      expect(can.confirmMember(viewer({ group: 'government', organizationId: 'org-gov' }), newcomer())).toBe(false);
      expect(can.confirmMember(secretariat('s2'), newcomer())).toBe(false);
      expect(can.confirmMember(viewer({ id: 'n1' }), newcomer())).toBe(false);
    });

    it('needs two different secretariat accounts at the starting point', () => {
      const n = newcomer({ confirmationBy: 'secretariat' });
      expect(can.confirmMember(secretariat('s2'), n)).toBe(true);
      expect(can.confirmMember(secretariat('s1'), n)).toBe(false);
      expect(can.confirmMember(viewer(), n)).toBe(false);
      expect(can.approveAccount(secretariat('s1'), { confirmedBy: 's2' })).toBe(true);
      expect(can.approveAccount(secretariat('s2'), { confirmedBy: 's2' })).toBe(false);
      expect(can.approveAccount(viewer(), { confirmedBy: null })).toBe(false);
    });

    it('confirms nobody who waits for nothing', () => {
      expect(can.confirmMember(viewer(), newcomer({ confirmationBy: null }))).toBe(false);
      expect(can.confirmMember(secretariat('s2'), newcomer({ confirmationBy: null }))).toBe(false);
    });
  });
});
