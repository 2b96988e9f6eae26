import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { buttonNamed, justiceOrg, textOf } from '../../../testing/accounts';
import { translocoTesting } from '../../../testing/i18n-testing';
import { LanguageService } from '../../core/language.service';
import type { Failure } from './form-errors';
import { type SavedChange, SaveNoticesComponent } from './save-notices.component';

describe(SaveNoticesComponent.name, () => {
  const state = { failure: signal<Failure | null>(null), conflict: signal<unknown>(null), sending: signal(false) };

  async function open(changes: SavedChange[], lang: 'en' | 'fr' = 'fr') {
    TestBed.configureTestingModule({ imports: [SaveNoticesComponent, translocoTesting()] });
    await TestBed.inject(LanguageService).use(lang);
    const fixture = TestBed.createComponent(SaveNoticesComponent);
    fixture.componentRef.setInput('save', state);
    fixture.componentRef.setInput('subject', 'dialogue');
    fixture.componentRef.setInput('changes', changes);
    const events: string[] = [];
    fixture.componentInstance.reapply.subscribe(() => events.push('reapply'));
    fixture.componentInstance.discard.subscribe(() => events.push('discard'));
    await fixture.whenStable();
    return { fixture, el: fixture.nativeElement as HTMLElement, events };
  }

  beforeEach(() => {
    state.failure.set(null);
    state.conflict.set(null);
    state.sending.set(false);
  });

  it('says nothing while the save has neither failed nor met a conflict', async () => {
    const { el } = await open([]);
    expect(textOf(el)).toBe('');
  });

  it('shows each changed value as it now reads, in the reader’s language, and offers both ways out', async () => {
    state.conflict.set({});
    const { el, events } = await open([
      { label: 'dialogueForm.title', value: { kind: 'text', text: { en: 'Mopti roundtable', fr: 'Table ronde de Mopti' } } },
      { label: 'dialogueForm.place', value: { kind: 'plain', text: null } },
      { label: 'dialogueForm.endDate', value: { kind: 'date', date: '2027-03-11' } },
      { label: 'dialogueForm.status', value: { kind: 'key', key: 'dialogueStatus.held' } },
      { label: 'recommendationForm.themes', value: { kind: 'tags', vocabulary: 'themes', values: ['ddr'] } },
      { label: 'dialogueForm.participantIds', value: { kind: 'orgs', orgs: [justiceOrg] } },
      { label: 'commitmentEdit.fields.indicators', value: { kind: 'texts', texts: [] } },
    ]);

    expect(textOf(el.querySelector('.notice-title'))).toBe('Quelqu’un d’autre a enregistré ce dialogue pendant que vous le modifiiez.');
    const rows = [...el.querySelectorAll('dl > div')].map((d) => [textOf(d.querySelector('dt')), textOf(d.querySelector('dd'))]);
    expect(rows.map((r) => r[0])).toEqual([
      'Titre',
      'Lieu',
      'Date de fin',
      'Statut',
      'Thèmes',
      'Organisations participantes',
      'Indicateurs',
    ]);
    expect(rows[0][1]).toBe('Table ronde de Mopti');
    expect(rows[1][1]).toBe('Non renseignée');
    expect(rows[2][1]).toBe('11 mars 2027');
    expect(rows[5][1]).toBe('MJDH');
    expect(rows[6][1]).toBe('Néant');

    buttonNamed(el, 'Appliquer de nouveau mes modifications sur la version actuelle').click();
    buttonNamed(el, 'Abandonner les miennes').click();
    expect(events).toEqual(['reapply', 'discard']);
  });

  it('says a failure that names no field above the form', async () => {
    state.failure.set({ key: 'forms.failure.network', params: {} });
    const { el } = await open([], 'en');
    expect(textOf(el.querySelector('.notice-error'))).toContain('The server did not answer.');
    expect(el.querySelector('.notice-warning')).toBeNull();
  });
});
