import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  linkedSignal,
  signal,
  viewChild,
} from '@angular/core';
import { rxResource, takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, type Params, Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  ACCOUNT_STATUSES,
  PAGE_SIZE_DEFAULT,
  PLATFORM_ROLES,
  type NewcomerAccess,
  type Page,
  type PlatformRole,
  type UserAdminView,
  can,
} from '@suivi/contracts';
import { debounceTime, map } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { LocalDatePipe, LocalNumberPipe } from '../core/local-format.pipes';
import { DialogComponent } from '../shared/dialog.component';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import { describedBy, notBlank } from '../shared/forms/form-errors';
import { FormFailureComponent } from '../shared/forms/form-failure.component';
import { FormSubmit } from '../shared/forms/form-submit';
import { OrganizationPickerComponent } from '../shared/forms/organization-picker.component';
import { LoadStateComponent } from '../shared/load-state.component';
import { OrgNameComponent } from '../shared/org-name.component';
import { organizationGroups } from '../shared/organization-groups';
import { OrganizationsApi } from '../shared/organizations-api.service';
import { AdminNavComponent } from './admin-nav.component';
import { type AccountDecisionKind, AdminApi, type ResetLinkDelivery, type UpdateUserRequest } from './admin-api.service';
import { type UserFilterKey, changeUserFilter, toUserParams, toUserQuery } from './user-filters';

export const SEARCH_DEBOUNCE_MS = 350;
export const REASON_MIN_LENGTH = 3;
export const REASON_MAX_LENGTH = 1000;

export type AccountAction = { kind: AccountDecisionKind | 'confirm' | 'edit' | 'resetLink'; user: UserAdminView };

/** An account as the confirmation rule reads it. */
export function newcomerAccess(user: UserAdminView): NewcomerAccess {
  return {
    id: user.id,
    organizationId: user.organization?.id ?? null,
    confirmationBy: user.confirmationBy,
    approved: user.approvedAt !== null,
    approvedBy: user.approvedBy,
  };
}

/** Pending accounts first (they wait for someone), otherwise in the server's order. */
export function pendingFirst(users: readonly UserAdminView[]): UserAdminView[] {
  return [...users].sort((a, b) => Number(a.status !== 'pending') - Number(b.status !== 'pending'));
}

@Component({
  selector: 'suivi-admin-accounts-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    TranslocoPipe,
    LocalDatePipe,
    LocalNumberPipe,
    AdminNavComponent,
    DialogComponent,
    FieldErrorComponent,
    FormFailureComponent,
    LoadStateComponent,
    OrganizationPickerComponent,
    OrgNameComponent,
  ],
  templateUrl: './admin-accounts-page.component.html',
})
export class AdminAccountsPageComponent {
  private readonly api = inject(AdminApi);
  private readonly auth = inject(AuthService);
  private readonly organizationsApi = inject(OrganizationsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly lang = inject(LanguageService).lang;
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);

  protected readonly statuses = ACCOUNT_STATUSES;
  protected readonly roles = PLATFORM_ROLES;
  protected readonly describedBy = describedBy;
  /** One's own account is not suspended or demoted from this page by accident. */
  protected readonly ownId = computed(() => this.auth.me()?.id ?? null);
  /** The API's rules: at the starting point, one account approves and another confirms. */
  protected readonly mayApprove = (user: UserAdminView) => can.approveAccount(this.auth.viewer(), { confirmedBy: user.confirmedBy });
  protected readonly mayConfirm = (user: UserAdminView) => can.confirmMember(this.auth.viewer(), newcomerAccess(user));

  protected readonly query = toSignal(this.route.queryParamMap.pipe(map(toUserQuery)), { requireSync: true });
  protected readonly list = rxResource({ params: this.query, stream: ({ params }) => this.api.users(params) });
  /** The page on screen: it stays while the next loads, and a decision updates its account in place. */
  protected readonly shown = linkedSignal<Page<UserAdminView> | undefined, Page<UserAdminView> | null>({
    source: () => (this.list.hasValue() ? this.list.value() : undefined),
    computation: (value, previous) => value ?? previous?.value ?? null,
  });
  protected readonly users = computed(() => pendingFirst(this.shown()?.items ?? []));
  protected readonly pageCount = computed(() => {
    const p = this.shown();
    return p ? Math.max(1, Math.ceil(p.total / (p.pageSize || PAGE_SIZE_DEFAULT))) : 1;
  });

  protected readonly organizations = rxResource({ stream: () => this.organizationsApi.list() });
  protected readonly organizationList = computed(() => (this.organizations.hasValue() ? this.organizations.value() : []));
  protected readonly organizationOptions = computed(() => organizationGroups(this.organizationList(), this.lang()));

  protected readonly search = linkedSignal(() => this.query().q ?? '');

  // The decision dialog: approve, suspend, reinstate, change role or organisation, reset link.

  protected readonly action = signal<AccountAction | null>(null);
  protected readonly decision = inject(NonNullableFormBuilder).group({
    reason: ['', [Validators.required, notBlank, Validators.minLength(REASON_MIN_LENGTH), Validators.maxLength(REASON_MAX_LENGTH)]],
    role: ['member' as PlatformRole],
    organizationId: [''],
    deliver: ['mail' as ResetLinkDelivery],
  });
  private readonly deliver = toSignal(this.decision.controls.deliver.valueChanges, { initialValue: 'mail' as ResetLinkDelivery });
  protected readonly link = signal<{ url: string; expiresAt: string } | null>(null);
  /** A reset link sent to the person's own address: where, and until when it works. */
  protected readonly mailed = signal<{ email: string; expiresAt: string } | null>(null);
  protected readonly copied = signal<'copied' | 'selected' | null>(null);
  /** What the last decision did, for the status line above the list. */
  protected readonly done = signal<{ key: string; name: string } | null>(null);

  private readonly dialog = viewChild.required<DialogComponent>('dialog');
  private readonly dialogElement = viewChild.required('dialog', { read: ElementRef<HTMLElement> });
  protected readonly cycle = new FormSubmit(this.decision, () => this.dialogElement().nativeElement);

  constructor() {
    toObservable(this.search)
      .pipe(debounceTime(SEARCH_DEBOUNCE_MS), takeUntilDestroyed())
      .subscribe(() => this.applySearch());
  }

  protected onSearchInput(event: Event): void {
    this.search.set((event.target as HTMLInputElement).value);
  }

  protected onSearchSubmit(event: Event): void {
    event.preventDefault();
    this.applySearch();
  }

  protected onFilter(key: UserFilterKey, event: Event): void {
    this.navigate(changeUserFilter(this.query(), key, (event.target as HTMLSelectElement).value || null));
  }

  protected pageLink(page: number): Params {
    return toUserParams({ ...this.query(), page });
  }

  protected open(kind: AccountAction['kind'], user: UserAdminView): void {
    this.action.set({ kind, user });
    this.cycle.start({ reason: '', role: user.role, organizationId: user.organization?.id ?? '', deliver: 'mail' });
    this.link.set(null);
    this.mailed.set(null);
    this.copied.set(null);
    this.dialog().open();
  }

  /** The dialog's button: a reset link by mail is sent, one to hand over is issued. */
  protected submitKey(kind: AccountAction['kind']): string {
    const mail = kind === 'resetLink' && this.deliver() === 'mail';
    return `admin.accounts.dialog.${kind}.${mail ? 'submitMail' : 'submit'}`;
  }

  protected close(): void {
    this.dialog().close();
  }

  protected async submit(): Promise<void> {
    const action = this.action();
    if (!action) {
      return;
    }
    if (action.kind === 'resetLink') {
      return this.issueLink(action.user);
    }
    if (action.kind === 'confirm') {
      return this.confirm(action.user);
    }
    const request = action.kind === 'edit' ? this.editRequest(action.user) : null;
    if (!this.cycle.check()) {
      return;
    }
    if (action.kind === 'edit' && !request) {
      this.cycle.fail({ key: 'admin.accounts.edit.unchanged', params: {} });
      return;
    }
    const reason = this.decision.getRawValue().reason.trim();
    await this.cycle.send(
      () =>
        action.kind === 'edit' && request
          ? this.api.update(action.user.id, { ...request, reason })
          : this.api.decide(action.kind as AccountDecisionKind, action.user.id, reason),
      (updated) => {
        this.replace(updated);
        this.done.set({ key: `admin.accounts.done.${action.kind}`, name: updated.displayName });
        this.dialog().close();
      },
    );
  }

  protected async copyLink(input: HTMLInputElement): Promise<void> {
    const url = this.link()?.url;
    if (!url) {
      return;
    }
    try {
      // Absent outside a secure context (plain HTTP on another host): then select the text instead.
      await this.document.defaultView?.navigator.clipboard.writeText(url);
      this.copied.set('copied');
    } catch {
      input.select();
      this.copied.set('selected');
    }
  }

  protected onDialogClosed(): void {
    this.action.set(null);
    this.link.set(null);
    this.mailed.set(null);
  }

  /** The changes the form asks for; null when there are none. Marks a secretariat role outside a secretariat organisation. */
  private editRequest(user: UserAdminView): Omit<UpdateUserRequest, 'reason'> | null {
    const { role, organizationId } = this.decision.getRawValue();
    const roleControl = this.decision.controls.role;
    roleControl.updateValueAndValidity();
    const organization = this.organizationList().find((o) => o.id === organizationId);
    if (role === 'secretariat' && organization?.group !== 'secretariat') {
      roleControl.setErrors({ secretariatOrg: true });
    }
    const request: Omit<UpdateUserRequest, 'reason'> = {};
    if (role !== user.role) {
      request.role = role;
    }
    if (organizationId && organizationId !== (user.organization?.id ?? '')) {
      request.organizationId = organizationId;
    }
    return Object.keys(request).length ? request : null;
  }

  /** The answer is 204 with nothing in it: the list is read again for the account's new state. */
  private async confirm(user: UserAdminView): Promise<void> {
    await this.cycle.send(
      () => this.api.confirm(user.id),
      () => {
        this.done.set({ key: 'admin.accounts.done.confirm', name: user.displayName });
        this.dialog().close();
        this.list.reload();
      },
    );
  }

  private async issueLink(user: UserAdminView): Promise<void> {
    await this.cycle.send(
      () => this.api.resetLink(user.id, this.decision.getRawValue().deliver),
      (answer) => {
        if ('mailed' in answer) {
          this.mailed.set({ email: answer.email, expiresAt: answer.expiresAt });
        } else {
          const origin = this.document.defaultView?.location.origin ?? '';
          this.link.set({ url: `${origin}${answer.path}`, expiresAt: answer.expiresAt });
        }
        afterNextRender(() => this.dialog().focusInitial(), { injector: this.injector });
      },
    );
  }

  private replace(user: UserAdminView): void {
    this.shown.update((page) => (page ? { ...page, items: page.items.map((u) => (u.id === user.id ? user : u)) } : page));
  }

  private applySearch(): void {
    const q = this.search().trim();
    if (q !== (this.query().q ?? '')) {
      this.navigate(changeUserFilter(this.query(), 'q', q || null));
    }
  }

  private navigate(queryParams: Params): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams });
  }
}
