import type { DialogueView, RecommendationDetailView } from '@suivi/contracts';
import { justiceOrg } from './accounts';

// Small factories for curation: a test says only what matters to it.

export function dialogueView(overrides: Partial<DialogueView> = {}): DialogueView {
  return {
    id: 'd1',
    title: { en: 'Bamako roundtable on organised crime', fr: 'Table ronde de Bamako sur la criminalité organisée' },
    summary: { en: 'Two days on organised crime in Mali.' },
    place: 'Bamako',
    startDate: '2014-10-14',
    endDate: '2014-10-15',
    status: 'follow_up',
    organizations: [justiceOrg],
    recommendationCount: 4,
    commitmentCount: 9,
    version: 2,
    ...overrides,
  };
}

export function recommendationDetail(overrides: Partial<RecommendationDetailView> = {}): RecommendationDetailView {
  return {
    id: 'r1',
    dialogueId: 'd1',
    code: 'R1',
    text: { en: 'Operationalise the judicial pole', fr: 'Rendre opérationnel le pôle judiciaire' },
    addressedTo: ['government'],
    themes: ['justice_judiciary'],
    progress: { not_started: 0, in_progress: 1, stalled: 0, completed: 0, withdrawn: 0 },
    commitmentCount: 1,
    commitments: [],
    version: 1,
    ...overrides,
  };
}
