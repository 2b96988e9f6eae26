import { randomBytes } from 'node:crypto';
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

  return {
    nodeEnv,
    port: parsePort(env['PORT']),
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
  };
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
