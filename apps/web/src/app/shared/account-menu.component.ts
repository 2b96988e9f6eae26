import { ChangeDetectionStrategy, Component, ElementRef, inject, input, output, signal, viewChild } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';

/**
 * The signed-in person's menu in the header: a disclosure button with their name that shows
 * "Your account" and "Sign out". Escape or a click elsewhere closes it.
 */
@Component({
  selector: 'suivi-account-menu',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, TranslocoPipe],
  host: {
    class: 'account-menu',
    '(document:click)': 'onDocumentClick($event)',
    '(keydown.escape)': 'closeAndFocus()',
  },
  template: `
    <button
      #toggle
      type="button"
      class="account-toggle"
      aria-controls="account-menu-list"
      [attr.aria-expanded]="open()"
      (click)="open.set(!open())"
    >
      <span class="visually-hidden">{{ 'accountMenu.label' | transloco }} </span>
      <span class="account-name">{{ name() }}</span>
      <span class="caret" aria-hidden="true"></span>
    </button>
    <ul id="account-menu-list" class="account-menu-list" [hidden]="!open()">
      <li>
        <a routerLink="/account" (click)="open.set(false)">{{ 'accountMenu.account' | transloco }}</a>
      </li>
      <li>
        <button type="button" (click)="open.set(false); signOut.emit()">{{ 'accountMenu.signOut' | transloco }}</button>
      </li>
    </ul>
  `,
})
export class AccountMenuComponent {
  readonly name = input.required<string>();
  readonly signOut = output();

  protected readonly open = signal(false);
  private readonly host: ElementRef<HTMLElement> = inject(ElementRef);
  private readonly toggle = viewChild.required<ElementRef<HTMLButtonElement>>('toggle');

  protected onDocumentClick(event: Event): void {
    if (this.open() && !this.host.nativeElement.contains(event.target as Node)) {
      this.open.set(false);
    }
  }

  protected closeAndFocus(): void {
    if (this.open()) {
      this.open.set(false);
      this.toggle().nativeElement.focus();
    }
  }
}
