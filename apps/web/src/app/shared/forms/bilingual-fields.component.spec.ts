import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { NonNullableFormBuilder } from '@angular/forms';
import { textOf, type } from '../../../testing/accounts';
import { translocoTesting } from '../../../testing/i18n-testing';
import { LanguageService } from '../../core/language.service';
import { BilingualFieldsComponent, bilingualErrors, bilingualGroup, toBilingual } from './bilingual-fields.component';
import { formChanges } from './form-errors';

@Component({
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BilingualFieldsComponent],
  template: `<suivi-bilingual-fields idp="title" legend="dialogueForm.title" [group]="group" [required]="true" [errors]="errors()" />`,
})
class HostComponent {
  readonly group = bilingualGroup(inject(NonNullableFormBuilder), 10, true);
  readonly show = signal(false);
  private readonly changes = formChanges(this.group);
  readonly errors = computed(() => {
    this.changes();
    return bilingualErrors(this.group, this.show());
  });
}

describe(BilingualFieldsComponent.name, () => {
  async function open(lang: 'en' | 'fr') {
    TestBed.configureTestingModule({ imports: [HostComponent, translocoTesting()] });
    await TestBed.inject(LanguageService).use(lang);
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }

  it('puts the reader’s language first, each input labelled with the text’s name and marked with its language', async () => {
    const { el } = await open('fr');
    expect([...el.querySelectorAll('label')].map(textOf)).toEqual(['Titre en français', 'Titre en anglais']);
    expect(el.querySelector('#title-fr')?.getAttribute('lang')).toBe('fr');
    expect(textOf(el.querySelector('legend'))).toBe('Titre (obligatoire)');
  });

  it('asks for one of the two languages, then for each text within its length', async () => {
    const { fixture, el } = await open('en');
    fixture.componentInstance.show.set(true);
    await fixture.whenStable();
    expect(textOf(el.querySelector('#title-error'))).toBe('Error: Write it in English or in French (or both).');
    expect(el.querySelector('#title-en')?.getAttribute('aria-describedby')).toBe('title-error');

    type(el, '#title-en', 'A title far too long');
    await fixture.whenStable();
    expect(el.querySelector('#title-error')).toBeNull();
    expect(textOf(el.querySelector('#title-en-error'))).toBe('Error: Use at most 10 characters.');
    expect(el.querySelector('#title-fr')?.getAttribute('aria-invalid')).toBeNull();
  });
});

describe(toBilingual.name, () => {
  it('keeps the languages given, trimmed', () => {
    expect(toBilingual({ en: '  Title ', fr: '   ' })).toEqual({ en: 'Title' });
    expect(toBilingual({ en: '', fr: '' })).toEqual({});
  });
});
