import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { OrganizationRef, ReportView, TimelineView } from '@suivi/contracts';
import { translocoTesting } from '../../testing/i18n-testing';
import { LanguageService } from '../core/language.service';
import { CommitmentTimelineComponent, timelineEntries } from './commitment-timeline.component';

const ministry: OrganizationRef = {
  id: 'org-mj',
  name: { en: 'Ministry of Justice', fr: 'Ministère de la Justice' },
  acronym: 'MJ',
  group: 'government',
};
const secretariat: OrganizationRef = {
  id: 'org-sec',
  name: { en: 'Roundtable secretariat', fr: 'Secrétariat de la table ronde' },
  acronym: null,
  group: 'secretariat',
};
const observatory: OrganizationRef = {
  id: 'org-cso',
  name: { fr: 'Observatoire citoyen (fictif)' },
  acronym: null,
  group: 'civil_society',
};

function report(overrides: Partial<ReportView> & Pick<ReportView, 'id' | 'kind' | 'status' | 'createdAt'>): ReportView {
  return {
    commitmentId: 'c1',
    percent: null,
    narrative: { en: 'Narrative', fr: 'Récit' },
    evidenceLinks: [],
    organization: overrides.kind === 'self_report' ? ministry : observatory,
    author: null,
    verification: null,
    correctsId: null,
    illustrative: true,
    ...overrides,
  };
}

const timeline: TimelineView = {
  commitmentId: 'c1',
  selfReports: [
    report({
      id: 's1',
      kind: 'self_report',
      status: 'in_progress',
      createdAt: '2015-03-01T10:00:00Z',
      percent: 40,
      files: [{ id: 'f1', name: 'décret-2015.pdf', mediaType: 'application/pdf', size: 3 * 1024 * 1024 + 200_000, sha256: 'c'.repeat(64) }],
    }),
    report({
      id: 's2',
      kind: 'self_report',
      status: 'completed',
      createdAt: '2015-09-01T10:00:00Z',
      verification: { verifiedAt: '2015-09-10T10:00:00Z', verifiedBy: ministry, note: null },
    }),
  ],
  assessments: [
    report({
      id: 'a1',
      kind: 'independent_assessment',
      status: 'in_progress',
      createdAt: '2015-04-01T10:00:00Z',
      // As the API serves them: named as when the assessment was written; the second one's record was purged.
      indicators: [
        { index: 0, value: 9, name: { en: 'Magistrates assigned', fr: 'Magistrats affectés' }, unit: 'count' },
        { index: 2, value: 1500.5, name: null, unit: '%' },
      ],
    }),
    report({ id: 'a2', kind: 'independent_assessment', status: 'stalled', createdAt: '2015-10-01T10:00:00Z' }),
  ],
  milestones: [
    { id: 'm1', commitmentId: 'c1', title: { en: 'Judges appointed' }, plannedDate: '2015-06-30', reachedDate: null, evidence: null },
  ],
  divergences: [
    { assessmentId: 'a2', selfReportId: 's2', selfReportedStatus: 'completed', assessedStatus: 'stalled', at: '2015-10-01T10:00:00Z' },
  ],
  history: [
    {
      seq: 5,
      at: '2015-02-01T10:00:00Z',
      action: 'report.created',
      actor: 'Secretariat',
      actorOrganization: secretariat,
      hash: 'c'.repeat(64),
    },
    { seq: 7, at: '2015-03-01T10:00:00Z', action: 'report.created', actor: 'MJ', actorOrganization: ministry, hash: 'a'.repeat(64) },
    { seq: 12, at: '2015-10-01T10:00:00Z', action: 'something.new', actor: null, actorOrganization: null, hash: 'b'.repeat(64) },
  ],
};

describe(CommitmentTimelineComponent.name, () => {
  let fixture: ComponentFixture<CommitmentTimelineComponent>;
  let el: HTMLElement;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [translocoTesting(), CommitmentTimelineComponent],
      providers: [provideRouter([])],
    });
    await TestBed.inject(LanguageService).use('en');
    fixture = TestBed.createComponent(CommitmentTimelineComponent);
    fixture.componentRef.setInput('timeline', timeline);
    await fixture.whenStable();
    el = fixture.nativeElement as HTMLElement;
  });

  it('orders both tracks newest first and attaches each divergence to both sides', () => {
    const entries = timelineEntries(timeline);
    expect(entries.map((e) => e.report.id)).toEqual(['a2', 's2', 'a1', 's1']);
    expect(entries[0].divergence?.selfReportId).toBe('s2');
    expect(entries[1].contestedBy.map((d) => d.assessmentId)).toEqual(['a2']);
    expect(entries[2].divergence).toBeNull();
    expect(entries[3].contestedBy).toEqual([]);
  });

  it('puts self-reports and assessments on their own tracks, each labelled', () => {
    const items = [...el.querySelectorAll('.timeline-item')];
    expect(items.map((i) => i.className.includes('track-self'))).toEqual([false, true, false, true]);
    expect(items.map((i) => i.querySelector('.report-kind')?.textContent?.trim())).toEqual([
      'Independent assessment',
      'Self-report',
      'Independent assessment',
      'Self-report',
    ]);
  });

  it('marks the divergence on the assessment and on the self-report it contradicts', () => {
    const assessment = el.querySelector('#report-a2');
    const selfReport = el.querySelector('#report-s2');

    expect(assessment?.querySelector('.report-diverges')).not.toBeNull();
    expect(assessment?.querySelector('.divergence-note')?.textContent).toContain(
      'the owner reported “Completed”, this assessment finds “Stalled”.',
    );
    expect(assessment?.querySelector('.divergence-note a')?.getAttribute('href')).toBe('/#report-s2');

    expect(selfReport?.querySelector('.report-diverges')).not.toBeNull();
    expect(selfReport?.querySelector('.divergence-note')?.textContent).toContain('finds “Stalled”');
    expect(selfReport?.querySelector('.divergence-note a')?.getAttribute('href')).toBe('/#report-a2');

    expect(el.querySelector('#report-a1 .report-diverges')).toBeNull();
    expect(el.querySelectorAll('.divergence-note')).toHaveLength(2);
  });

  it('shows verification, percent and the illustrative badge', () => {
    expect(el.querySelector('#report-s2 .verified')?.textContent).toContain('Verified on Sep 10, 2015 by');
    expect(el.querySelector('#report-s1 .report-footer')?.textContent).toContain('Not verified yet');
    expect(el.querySelector('#report-s1 .badges')?.textContent).toContain('40% done');
    expect(el.querySelectorAll('.badge-illustrative')).toHaveLength(4);
  });

  it('marks a narrative shown in the other language', () => {
    expect(el.querySelector('#report-a2 .report-meta .lang-badge')?.textContent).toContain('FR');
  });

  it('lists a report’s evidence files with links to download them', () => {
    const link = el.querySelector<HTMLAnchorElement>('#report-s1 .file-list a');
    expect(link?.getAttribute('href')).toBe('/api/files/f1');
    expect(link?.hasAttribute('download')).toBe(true);
    expect(link?.textContent?.trim()).toBe('décret-2015.pdf');
    expect(el.querySelector('#report-s1 .file-list li')?.textContent?.replace(/\s+/g, ' ')).toContain('PDF, 3.2 MB');
    expect(el.querySelector('#report-s2 .file-list')).toBeNull();
  });

  it('shows the indicator values a report gives, with the name and unit it was written against, in the reader’s language', async () => {
    const values = () =>
      [...el.querySelectorAll('#report-a1 .report-indicators dl > div')].map((d) =>
        [...d.children].map((c) => c.textContent?.replace(/\s+/g, ' ').trim()).join(' | '),
      );
    expect(el.querySelector('#report-a1 .report-indicators .label')?.textContent?.trim()).toBe('Indicator values');
    expect(values()).toEqual(['Magistrates assigned | 9 unit: number', 'Indicator 3 | 1,500.5 unit: %']);
    expect(el.querySelector('#report-a2 .report-indicators')).toBeNull();

    await TestBed.inject(LanguageService).use('fr');
    await fixture.whenStable();
    expect(values()).toEqual(['Magistrats affectés | 9 unité : nombre', 'Indicateur 3 | 1 500,5 unité : %']);
  });

  it('lists the history from the audit chain, newest first', () => {
    const rows = [...el.querySelectorAll('table.history tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim()),
    );
    expect(rows[0][0]).toBe('12');
    expect(rows[0][2]).toBe('something.new');
    expect(rows[0][3]).toBe('System');
    expect(rows[0][4]).toBe('bbbbbbbbbbbb');
    expect(rows[1][2]).toBe('Report added');
    expect(rows[1][3]).toBe('MJ');
    expect(rows[2][3]).toBe('Roundtable secretariat');
    // Each value carries its column's name, shown beside it when a phone stacks the row.
    expect([...el.querySelectorAll('table.history tbody tr:first-child td')].map((td) => td.getAttribute('data-label'))).toEqual([
      ...[...el.querySelectorAll('table.history thead th')].map((th) => th.textContent?.trim()),
    ]);
  });

  it('names the acting organisation in the reader’s language', async () => {
    await TestBed.inject(LanguageService).use('fr');
    await fixture.whenStable();

    const actors = [...el.querySelectorAll('table.history tbody tr td:nth-child(4)')].map((td) => td.textContent?.trim());
    expect(actors).toEqual(['Système', 'MJ', 'Secrétariat de la table ronde']);
  });
});
