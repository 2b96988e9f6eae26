import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { civilOrg, justiceOrg, organizations, settle, textOf, type } from '../../../testing/accounts';
import { translocoTesting } from '../../../testing/i18n-testing';
import { LanguageService } from '../../core/language.service';
import { OrganizationChecksComponent } from './organization-checks.component';

@Component({
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, OrganizationChecksComponent],
  template: `<suivi-organization-checks
    idp="orgs"
    legend="dialogueForm.participantIds"
    [organizations]="organizations"
    [exclude]="exclude()"
    [formControl]="control"
  />`,
})
class HostComponent {
  readonly organizations = organizations;
  readonly exclude = signal<string | null>(null);
  readonly control = new FormControl<string[]>([], { nonNullable: true });
}

describe(OrganizationChecksComponent.name, () => {
  async function open() {
    TestBed.configureTestingModule({ imports: [HostComponent, translocoTesting()] });
    await TestBed.inject(LanguageService).use('en');
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const stable = async () => {
      await settle();
      await fixture.whenStable();
    };
    const labels = () => [...el.querySelectorAll('.org-checks-list label')].map(textOf);
    return { fixture, el, stable, labels };
  }

  it('keeps the checked organisations in the order offered, grouped by stakeholder group', async () => {
    const { fixture, el, stable } = await open();
    expect([...el.querySelectorAll('.org-checks-list legend')].map(textOf)).toEqual(['Government', 'Civil society', 'Secretariat']);

    const boxes = [...el.querySelectorAll<HTMLInputElement>('.org-checks-list input')];
    boxes[1].click();
    boxes[0].click();
    await stable();

    expect(fixture.componentInstance.control.value).toEqual([justiceOrg.id, civilOrg.id]);
    expect(textOf(el.querySelector('.field-hint'))).toBe('Chosen: 2');
  });

  it('narrows the list by a search without losing what is checked, and leaves out an excluded organisation', async () => {
    const { fixture, el, stable, labels } = await open();
    fixture.componentInstance.control.setValue([civilOrg.id]);
    type(el, '#orgs-search', 'ministere');
    await stable();
    expect(labels()).toEqual([`MJDH – ${justiceOrg.name.en}`, `OCGS – ${civilOrg.name.en}`]);
    expect(textOf(el.querySelector('[role="status"]'))).toBe('Organisations found: 1');

    fixture.componentInstance.exclude.set(justiceOrg.id);
    type(el, '#orgs-search', '');
    await stable();
    expect(labels()).not.toContain(`MJDH – ${justiceOrg.name.en}`);
  });
});
