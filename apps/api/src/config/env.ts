import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';

// The only place that reads process.env. A bad value stops the start with a message naming the
// variable, so a misconfigured deployment fails at once rather than on the first request.

export interface AppConfig {
  nodeEnv: 'production' | 'development' | 'test';
  port: number;
  host: string;
  dataDir: string;
  /** Unset means: run the embedded PostgreSQL (PGlite) inside the process. */
  databaseUrl: string | null;
  /**
   * The tables' owner, which runs the migrations (`npm run migrate`); unset means DATABASE_URL's
   * role. A production API never migrates and never uses it.
   */
  migrationDatabaseUrl: string | null;
  redisUrl: string | null;
  jwtSecret: string;
  pseudonymKey: string;
  demoPassword: string;
  corsOrigins: string[];
  /**
   * Which hops may tell the client's address in X-Forwarded-For: none (false), the nearest n
   * proxies, or the proxies at these addresses and ranges. The rate limits count that address.
   */
  trustProxy: false | number | string[];
  /** Load the Bamako demo data into an empty database. Never in production. */
  seedDemo: boolean;
  /** Folder of the built web app that the API serves; null when it is not built. */
  webDir: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** JSON lines for a log collector, or one readable line each for a person at a terminal (the trying-out mode's default). */
  logFormat: 'json' | 'lines';
  /** Prefix of every Redis key and channel, so several deployments (or test runs) can share one server. */
  redisPrefix: string;
  /** Sign-in, registration and reset attempts allowed per client address per 15 minutes. */
  authAttemptsPerAddress: number;
  /** Sign-in attempts allowed per account (email) per 15 minutes. */
  authAttemptsPerAccount: number;
  /** Messages one person may post per minute, across threads and instances. */
  messagesPerMinute: number;
  /** CSV imports and dry runs one person may send per hour. */
  importsPerHour: number;
  /** Downloads of the open data export and the CSV exports per client address per 10 minutes (a 304 is free). */
  downloadsPerAddress: number;
  /** Seconds between full verifications of the audit chain in the background (one instance at a time). */
  fullVerifyEvery: number;
  /** Seconds between generations of the open data export (and one at each checkpoint). */
  exportEvery: number;
  /** Seconds between the follow-up routine's ticks (rounds opened and closed on the clock's day), on every instance. */
  roundTickEvery: number;
  /**
   * Where the test suites collect every 4xx body the API answers, to check each against the error
   * vocabulary at their end (ERROR_BODIES_DIR; never in production, where bodies may hold what
   * people wrote).
   */
  errorBodiesDir: string | null;
  /** Where people reach Suivi (`https://suivi.example.org`): every link a mail carries starts here. Required in production. */
  publicUrl: string;
  /** nodemailer's SMTP URL (`smtp://user:pass@host:587`, `smtps://…`); unset writes every mail as an `.eml` file to `mailOutboxDir`. */
  smtpUrl: string | null;
  /** The From of every mail. */
  mailFrom: string;
  /** Where mails go as `.eml` files when there is no SMTP_URL: MAIL_OUTBOX_DIR, else DATA_DIR/outbox. */
  mailOutboxDir: string;
  /** Days before a round's due date that its reminders go (after it: the day after, always). */
  reminderDays: number[];
  /** The time zone of "08:00", when reminders and digests go out. */
  timeZone: string;
  /** Seconds between two looks at the outbox for mails another instance queued (this instance's own go at once). */
  mailPollEvery: number;
  /** Key of the unsubscribe links' signatures, used for nothing else (UNSUBSCRIBE_KEY, else derived from JWT_SECRET). */
  unsubscribeKey: Buffer;
  /** Seconds an instance holds the mails it claimed; a crashed instance's claims pass to another after it. */
  mailLeaseSeconds: number;
  /** Tests only: a pause before each mail, so a test can stop a process in the middle of a batch. */
  mailTestDelayMs: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`${variable}: ${detail}`);
    this.name = 'ConfigError';
  }
}

/** What `npm run migrate` needs: where the database is and who owns it, no secrets. */
export type MigrationConfig = Pick<AppConfig, 'nodeEnv' | 'dataDir' | 'databaseUrl' | 'migrationDatabaseUrl'>;

type Env = Record<string, string | undefined>;

/** A timer's longest delay (2^31 - 1 ms) in whole seconds: a longer one would fire at once. */
const MAX_TIMER_SECONDS = 2_147_483;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const POSTGRES_PROTOCOLS = ['postgres:', 'postgresql:'];

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = parseNodeEnv(env['NODE_ENV']);
  const production = nodeEnv === 'production';
  const dataDir = resolve(env['DATA_DIR']?.trim() || './.data');
  const databaseUrl = parseUrl(env, 'DATABASE_URL', POSTGRES_PROTOCOLS);
  const migrationDatabaseUrl = parseUrl(env, 'MIGRATION_DATABASE_URL', POSTGRES_PROTOCOLS);
  const redisUrl = parseUrl(env, 'REDIS_URL', ['redis:', 'rediss:']);

  if (production && !databaseUrl) {
    throw new ConfigError('DATABASE_URL', 'required in production (the embedded database is for trying Suivi out)');
  }
  const jwtSecret = secret(env, 'JWT_SECRET', production, dataDir);
  const pseudonymKey = secret(env, 'PSEUDONYM_KEY', production, dataDir);

  const logLevel = env['LOG_LEVEL']?.trim() || (nodeEnv === 'test' ? 'warn' : 'info');
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const logFormat = env['LOG_FORMAT']?.trim() || (nodeEnv === 'development' ? 'lines' : 'json');
  if (logFormat !== 'json' && logFormat !== 'lines') {
    throw new ConfigError('LOG_FORMAT', 'must be json or lines');
  }

  const port = parsePort(env['PORT']);
  const publicUrl = parsePublicUrl(env['PUBLIC_URL'], production, port);
  const smtpUrl = parseUrl(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  const explicitOutbox = env['MAIL_OUTBOX_DIR']?.trim();
  if (production && !smtpUrl && !explicitOutbox) {
    throw new ConfigError(
      'SMTP_URL',
      "required in production (or MAIL_OUTBOX_DIR, a folder every instance shares, from which another program sends the .eml files): without either, no one would receive Suivi's mail",
    );
  }

  return {
    nodeEnv,
    port,
    // Trying Suivi out keeps to the machine: its demo accounts' password is published.
    host: env['HOST']?.trim() || (production ? '0.0.0.0' : '127.0.0.1'),
    dataDir,
    databaseUrl,
    migrationDatabaseUrl,
    redisUrl,
    jwtSecret,
    pseudonymKey,
    demoPassword: parseDemoPassword(env['DEMO_PASSWORD']),
    corsOrigins: parseOrigins(env['CORS_ORIGINS']),
    trustProxy: parseTrustProxy(env['TRUST_PROXY']),
    seedDemo: !production && parseBool(env, 'SEED_DEMO', true),
    webDir: findWebDir(env['WEB_DIR']),
    logLevel: logLevel as AppConfig['logLevel'],
    logFormat,
    redisPrefix: env['REDIS_PREFIX']?.trim() || 'suivi:',
    authAttemptsPerAddress: parseCount(env, 'AUTH_ATTEMPTS_PER_ADDRESS', 30),
    authAttemptsPerAccount: parseCount(env, 'AUTH_ATTEMPTS_PER_ACCOUNT', 10),
    messagesPerMinute: parseCount(env, 'MESSAGES_PER_MINUTE', 20),
    importsPerHour: parseCount(env, 'IMPORTS_PER_HOUR', 30),
    downloadsPerAddress: parseCount(env, 'DOWNLOADS_PER_ADDRESS', 20),
    fullVerifyEvery: parseCount(env, 'FULL_VERIFY_EVERY', 3600, MAX_TIMER_SECONDS),
    exportEvery: parseCount(env, 'EXPORT_EVERY', 900, MAX_TIMER_SECONDS),
    roundTickEvery: parseCount(env, 'ROUND_TICK_EVERY', 300, MAX_TIMER_SECONDS),
    errorBodiesDir: production ? null : env['ERROR_BODIES_DIR']?.trim() || null,
    publicUrl,
    smtpUrl,
    mailFrom: env['MAIL_FROM']?.trim() || `Suivi <no-reply@${new URL(publicUrl).hostname}>`,
    mailOutboxDir: explicitOutbox ? resolve(explicitOutbox) : join(dataDir, 'outbox'),
    reminderDays: parseReminderDays(env['REMINDER_DAYS']),
    timeZone: parseTimeZone(env['TIME_ZONE']),
    mailPollEvery: parseCount(env, 'MAIL_POLL_EVERY', 15, MAX_TIMER_SECONDS),
    unsubscribeKey: unsubscribeKey(env, jwtSecret),
    mailLeaseSeconds: parseCount(env, 'MAIL_LEASE_SECONDS', 120, 3600),
    mailTestDelayMs: nodeEnv === 'test' ? Number(env['MAIL_TEST_DELAY_MS'] ?? 0) || 0 : 0,
  };
}

function parsePublicUrl(value: string | undefined, production: boolean, port: number): string {
  const v = value?.trim();
  if (!v) {
    if (production) {
      throw new ConfigError(
        'PUBLIC_URL',
        'required in production (the address people open, such as https://suivi.example.org): every link in a mail starts with it',
      );
    }
    return `http://localhost:${port}`;
  }
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new ConfigError('PUBLIC_URL', `"${v}" is not a URL such as https://suivi.example.org`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError('PUBLIC_URL', 'must start with https:// (or http://)');
  }
  // Links are built as PUBLIC_URL + "/path": no trailing slash, no query.
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function parseReminderDays(value: string | undefined): number[] {
  const v = value?.trim();
  if (!v) {
    return [7, 1];
  }
  const days = v.split(',').map((d) => Number(d.trim()));
  if (days.some((d) => !Number.isInteger(d) || d < 1 || d > 365)) {
    throw new ConfigError('REMINDER_DAYS', 'must be whole numbers of days from 1 to 365, separated by commas (such as 7,1)');
  }
  return [...new Set(days)].sort((a, b) => b - a);
}

function parseTimeZone(value: string | undefined): string {
  const zone = value?.trim() || 'Africa/Bamako';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new ConfigError('TIME_ZONE', `"${zone}" is not a time zone such as Africa/Bamako or Europe/Paris`);
  }
  return zone;
}

/**
 * The unsubscribe links' key is used for nothing else: given, or derived from JWT_SECRET under its
 * own label (HKDF), so a token signed for one purpose is never valid for the other.
 */
function unsubscribeKey(env: Env, jwtSecret: string): Buffer {
  const given = env['UNSUBSCRIBE_KEY']?.trim();
  if (given && given.length < 32) {
    throw new ConfigError('UNSUBSCRIBE_KEY', 'must be at least 32 characters');
  }
  return given ? Buffer.from(given) : Buffer.from(hkdfSync('sha256', jwtSecret, 'suivi', 'suivi unsubscribe links v1', 32));
}

/**
 * The migrate step's configuration: the owner's URL (MIGRATION_DATABASE_URL, else DATABASE_URL).
 * It asks for no secret, so the one-shot migrate service carries nothing the API needs.
 */
export function loadMigrationConfig(env: Env = process.env): MigrationConfig {
  const nodeEnv = parseNodeEnv(env['NODE_ENV']);
  const databaseUrl = parseUrl(env, 'DATABASE_URL', POSTGRES_PROTOCOLS);
  const migrationDatabaseUrl = parseUrl(env, 'MIGRATION_DATABASE_URL', POSTGRES_PROTOCOLS);
  if (nodeEnv === 'production' && !migrationDatabaseUrl && !databaseUrl) {
    throw new ConfigError('MIGRATION_DATABASE_URL', "required in production (a URL of the role that owns Suivi's tables)");
  }
  return { nodeEnv, dataDir: resolve(env['DATA_DIR']?.trim() || './.data'), databaseUrl, migrationDatabaseUrl };
}

function parseNodeEnv(value: string | undefined): AppConfig['nodeEnv'] {
  const v = value?.trim() || 'development';
  if (v === 'production' || v === 'development' || v === 'test') {
    return v;
  }
  throw new ConfigError('NODE_ENV', 'must be production, development or test');
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value.trim() === '') {
    return 3000;
  }
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError('PORT', `"${value}" is not a port number (0–65535)`);
  }
  return port;
}

function parseUrl(env: Env, name: string, protocols: string[]): string | null {
  const value = env[name]?.trim();
  if (!value) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return value;
}

function parseBool(env: Env, name: string, fallback: boolean): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (!value) {
    return fallback;
  }
  if (['1', 'true', 'yes'].includes(value)) {
    return true;
  }
  if (['0', 'false', 'no'].includes(value)) {
    return false;
  }
  throw new ConfigError(name, 'must be true or false');
}

function parseCount(env: Env, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = env[name]?.trim();
  if (!value) {
    return fallback;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new ConfigError(
      name,
      max === Number.MAX_SAFE_INTEGER ? 'must be a whole number of at least 1' : `must be a whole number from 1 to ${max}`,
    );
  }
  return n;
}

function parseDemoPassword(value: string | undefined): string {
  const password = value ?? 'suivi-demo-2014';
  if (password.length < 10) {
    throw new ConfigError('DEMO_PASSWORD', 'must be at least 10 characters');
  }
  return password;
}

function parseOrigins(value: string | undefined): string[] {
  if (!value?.trim()) {
    return [];
  }
  return value.split(',').map((origin) => {
    const trimmed = origin.trim();
    try {
      return new URL(trimmed).origin;
    } catch {
      throw new ConfigError('CORS_ORIGINS', `"${trimmed}" is not an origin such as https://suivi.example.org`);
    }
  });
}

/**
 * Nothing is trusted unless said, in every mode: a forwarded header believed from anyone lets a
 * client choose the address its sign-in attempts are counted against.
 */
function parseTrustProxy(value: string | undefined): AppConfig['trustProxy'] {
  const v = value?.trim();
  if (!v) {
    return false;
  }
  if (v.toLowerCase() === 'true') {
    throw new ConfigError(
      'TRUST_PROXY',
      'true would trust every hop, so any client could choose its address: give the number of proxies or their addresses',
    );
  }
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops < 1) {
      throw new ConfigError('TRUST_PROXY', 'leave it unset to trust no proxy, or give the number of proxies (1 or more)');
    }
    return hops;
  }
  const entries = v.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (!isAddressOrRange(entry)) {
      throw new ConfigError(
        'TRUST_PROXY',
        `"${entry}" is not an address or CIDR range: give the number of proxies in front of Suivi, or their addresses (10.0.0.2, 10.0.0.0/24, fd00::/8)`,
      );
    }
  }
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length) {
    return false;
  }
  if (prefix === undefined) {
    return true;
  }
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * In production a secret must be given. When trying Suivi out, it is generated at first start and
 * kept in DATA_DIR, so tokens and pseudonyms stay stable across restarts without any default
 * secret ever being written in the repository.
 */
function secret(env: Env, name: string, production: boolean, dataDir: string): string {
  const value = env[name]?.trim();
  if (value) {
    if (value.length < 32) {
      throw new ConfigError(name, 'must be at least 32 characters');
    }
    return value;
  }
  if (production) {
    throw new ConfigError(name, 'required in production');
  }
  const file = join(dataDir, 'secrets.json');
  const secrets: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  if (!secrets[name]) {
    secrets[name] = randomBytes(48).toString('base64url');
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets[name];
}

function findWebDir(explicit: string | undefined): string | null {
  const candidates = explicit?.trim()
    ? [resolve(explicit.trim())]
    : [resolve('dist/apps/web/browser'), resolve(__dirname, '../web/browser')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}
