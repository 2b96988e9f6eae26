import { TestBed } from '@angular/core/testing';

import { translocoTesting } from '../../testing/i18n-testing';
import { VocabularyTagsComponent } from './vocabulary-tags.component';

describe(VocabularyTagsComponent.name, () => {
  beforeEach(() => TestBed.configureTestingModule({ imports: [VocabularyTagsComponent, translocoTesting('fr')] }));

  function render(values: string[], vocabulary: 'themes' | 'regions' | 'groups', showNone = true) {
    const fixture = TestBed.createComponent(VocabularyTagsComponent);
    fixture.componentRef.setInput('values', values);
    fixture.componentRef.setInput('vocabulary', vocabulary);
    fixture.componentRef.setInput('showNone', showNone);
    fixture.detectChanges();
    return [...(fixture.nativeElement as HTMLElement).querySelectorAll('li')].map((li) => li.textContent?.trim());
  }

  it('labels each value in the reader’s language', () => {
    expect(render(['bamako', 'cross_border'], 'regions')).toEqual(['District de Bamako', 'Transfrontalier']);
  });

  it('says none for an empty list, or shows nothing when asked', () => {
    expect(render([], 'themes')).toEqual(['Néant']);
    expect(render([], 'themes', false)).toEqual([]);
  });
});
