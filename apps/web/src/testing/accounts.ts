import type {
  ApiError,
  ErrorCode,
  ErrorParams,
  LoginResponse,
  MeView,
  OrganizationView,
  Problem,
  ProblemCode,
  UserAdminView,
} from '@suivi/contracts';

// Small factories for account shapes: a test says only what matters to it.

export const justiceOrg: OrganizationView = {
  id: 'org-justice',
  name: { en: 'Ministry of Justice and Human Rights', fr: 'Ministère de la Justice et des Droits de l’Homme' },
  acronym: 'MJDH',
  group: 'government',
  illustrative: false,
};

export const civilOrg: OrganizationView = {
  id: 'org-civil',
  name: {
    en: 'Citizen Observatory of Governance in the Sahel (fictional)',
    fr: 'Observatoire citoyen de la gouvernance au Sahel (fictif)',
  },
  acronym: 'OCGS',
  group: 'civil_society',
  illustrative: true,
};

export const secretariatOrg: OrganizationView = {
  id: 'org-secretariat',
  name: { en: 'Bamako roundtable secretariat', fr: 'Secrétariat de la table ronde de Bamako' },
  acronym: null,
  group: 'secretariat',
  illustrative: false,
};

export const organizations: OrganizationView[] = [justiceOrg, civilOrg, secretariatOrg];

export function meView(overrides: Partial<MeView> = {}): MeView {
  return {
    id: 'user-1',
    email: 'boubacar@example.org',
    displayName: 'Boubacar Diarra',
    locale: 'en',
    status: 'active',
    role: 'member',
    organization: justiceOrg,
    awaiting: [],
    restrictions: [],
    ...overrides,
  };
}

export function secretariatMe(overrides: Partial<MeView> = {}): MeView {
  return meView({
    id: 'user-sec',
    email: 'mariam@example.org',
    displayName: 'Mariam Coulibaly',
    role: 'secretariat',
    organization: secretariatOrg,
    ...overrides,
  });
}

export function loginResponse(user: MeView = meView(), accessToken = 'token-1', expiresIn = 900): LoginResponse {
  return { accessToken, expiresIn, user };
}

export function adminUser(overrides: Partial<UserAdminView> = {}): UserAdminView {
  return {
    id: 'u1',
    email: 'aminata@example.org',
    displayName: 'Aminata Traoré',
    locale: 'fr',
    status: 'active',
    role: 'member',
    organization: justiceOrg,
    createdAt: '2026-11-01T09:00:00Z',
    approvedAt: '2026-11-02T09:00:00Z',
    confirmedAt: null,
    awaitingConfirmation: false,
    confirmationBy: null,
    approvedBy: null,
    confirmedBy: null,
    ...overrides,
  };
}

/**
 * An API error body as the server sends it (libs/contracts, ApiError). Its English `message`
 * says so on purpose: the web app reads the code, never the words.
 */
export function apiError(
  statusCode: number,
  code: ErrorCode,
  params: ErrorParams = {},
  problems?: Problem[],
  extra: object = {},
): ApiError {
  return {
    statusCode,
    error: 'Error',
    message: `English for logs only (${code})`,
    code,
    params,
    ...(problems ? { problems } : {}),
    ...extra,
  };
}

/** One refused field of a 400 (or of a 409 or 413 about a field). */
export function problem(field: string, code: ProblemCode, params: ErrorParams = {}): Problem {
  return { field, code, params };
}

/** Types into an input or textarea as a person would. */
export function type(el: HTMLElement, selector: string, value: string): void {
  const input = el.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector);
  if (!input) {
    throw new Error(`no ${selector}`);
  }
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

export function choose(el: HTMLElement, selector: string, value: string): void {
  const select = el.querySelector<HTMLSelectElement>(selector);
  if (!select) {
    throw new Error(`no ${selector}`);
  }
  select.value = value;
  select.dispatchEvent(new Event('change'));
}

export function textOf(el: Element | null | undefined): string {
  return el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** Lets pending promises and timers run (a navigation, an afterNextRender). */
export function settle(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The button whose text is `label` (visually hidden words included). */
export function buttonNamed(el: HTMLElement, label: string): HTMLButtonElement {
  const found = [...el.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === label);
  if (!found) {
    throw new Error(`no button ${label} among ${[...el.querySelectorAll('button')].map(textOf).join(' / ')}`);
  }
  return found;
}
