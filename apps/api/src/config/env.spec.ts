import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ConfigError, loadConfig, loadMigrationConfig } from './env';

const dataDir = () => mkdtempSync(join(tmpdir(), 'suivi-env-'));

describe(loadConfig.name, () => {
  it('defaults to the embedded database on port 3000 with demo data', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config.databaseUrl).toBeNull();
    expect(config.port).toBe(3000);
    expect(config.seedDemo).toBe(true);
  });

  it('keeps the trying-out mode to the machine unless HOST says otherwise; production listens everywhere', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).host).toBe('127.0.0.1');
    expect(loadConfig({ DATA_DIR: dataDir(), HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/suivi',
      JWT_SECRET: 'x'.repeat(40),
      PSEUDONYM_KEY: 'y'.repeat(40),
      PUBLIC_URL: 'https://suivi.example.org',
      SMTP_URL: 'smtp://mail.example.org:587',
    };
    expect(loadConfig(production).host).toBe('0.0.0.0');
  });

  it('generates secrets into DATA_DIR once and keeps them', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.jwtSecret).toHaveLength(64);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(second.pseudonymKey).toBe(first.pseudonymKey);
    expect(first.pseudonymKey).not.toBe(first.jwtSecret);
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8'))).toHaveProperty('PSEUDONYM_KEY');
  });

  it.each([
    [{ NODE_ENV: 'production' }, 'DATABASE_URL'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/suivi' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/suivi', JWT_SECRET: 'x'.repeat(40) }, 'PSEUDONYM_KEY'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://db/suivi' }, 'DATABASE_URL'],
    [{ MIGRATION_DATABASE_URL: 'db.example/suivi' }, 'MIGRATION_DATABASE_URL'],
    [{ REDIS_URL: 'http://cache' }, 'REDIS_URL'],
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ CORS_ORIGINS: 'nope' }, 'CORS_ORIGINS'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ SEED_DEMO: 'perhaps' }, 'SEED_DEMO'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '0' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'proxy.internal' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.1,' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.1/8/8' }, 'TRUST_PROXY'],
    [{ LOG_FORMAT: 'pretty' }, 'LOG_FORMAT'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrow(new RegExp(`^${variable}:`));
  });

  it('never seeds demo data in production', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/suivi',
      JWT_SECRET: 'j'.repeat(40),
      PSEUDONYM_KEY: 'p'.repeat(40),
      PUBLIC_URL: 'https://suivi.example.org',
      MAIL_OUTBOX_DIR: '/srv/suivi/outbox',
      SEED_DEMO: 'true',
    });
    expect(config.seedDemo).toBe(false);
  });

  it('mails from PUBLIC_URL: required in production with SMTP_URL or a shared MAIL_OUTBOX_DIR; .eml files in DATA_DIR otherwise', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/suivi',
      JWT_SECRET: 'j'.repeat(40),
      PSEUDONYM_KEY: 'p'.repeat(40),
    };
    expect(() => loadConfig(production)).toThrow(/^PUBLIC_URL: required in production/);
    expect(() => loadConfig({ ...production, PUBLIC_URL: 'https://suivi.example.org' })).toThrow(/^SMTP_URL: required in production/);
    expect(loadConfig({ ...production, PUBLIC_URL: 'https://suivi.example.org/', MAIL_OUTBOX_DIR: '/srv/outbox' })).toMatchObject({
      publicUrl: 'https://suivi.example.org',
      smtpUrl: null,
      mailOutboxDir: '/srv/outbox',
      mailFrom: 'Suivi <no-reply@suivi.example.org>',
    });
    const dir = dataDir();
    const trying = loadConfig({ DATA_DIR: dir, PORT: '3100' });
    expect(trying).toMatchObject({
      publicUrl: 'http://localhost:3100',
      smtpUrl: null,
      mailOutboxDir: join(dir, 'outbox'),
      reminderDays: [7, 1],
      timeZone: 'Africa/Bamako',
    });
    expect(loadConfig({ DATA_DIR: dir, REMINDER_DAYS: '1, 14,7,7' }).reminderDays).toEqual([14, 7, 1]);
    expect(() => loadConfig({ DATA_DIR: dir, SMTP_URL: 'http://mail' })).toThrow(/^SMTP_URL: must start with smtp:\/\/ or smtps:\/\//);
    expect(() => loadConfig({ DATA_DIR: dir, PUBLIC_URL: 'ftp://x' })).toThrow(/^PUBLIC_URL: must start with https:\/\//);
    expect(() => loadConfig({ DATA_DIR: dir, TIME_ZONE: 'Nowhere/Town' })).toThrow(/^TIME_ZONE: /);
    expect(() => loadConfig({ DATA_DIR: dir, REMINDER_DAYS: '0' })).toThrow(/^REMINDER_DAYS: /);
    // Its own key: another JWT_SECRET gives another; UNSUBSCRIBE_KEY replaces the derivation.
    const a = loadConfig({ DATA_DIR: dir, JWT_SECRET: 'a'.repeat(40) }).unsubscribeKey;
    expect(a.equals(loadConfig({ DATA_DIR: dir, JWT_SECRET: 'b'.repeat(40) }).unsubscribeKey)).toBe(false);
    expect(a.equals(Buffer.from('a'.repeat(40)))).toBe(false);
    expect(loadConfig({ DATA_DIR: dir, UNSUBSCRIBE_KEY: 'u'.repeat(32) }).unsubscribeKey.toString()).toBe('u'.repeat(32));
  });

  it('normalises CORS origins', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), CORS_ORIGINS: 'https://a.example/, http://b.example:8080' }).corsOrigins).toEqual([
      'https://a.example',
      'http://b.example:8080',
    ]);
  });

  it('trusts no forwarded header unless TRUST_PROXY names the proxies, in every mode', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/suivi',
      JWT_SECRET: 'j'.repeat(40),
      PSEUDONYM_KEY: 'p'.repeat(40),
      PUBLIC_URL: 'https://suivi.example.org',
      SMTP_URL: 'smtp://mail.example.org',
    };
    expect(loadConfig(production).trustProxy).toBe(false);
    expect(loadConfig({ DATA_DIR: dataDir() }).trustProxy).toBe(false);
    expect(loadConfig({ DATA_DIR: dataDir(), NODE_ENV: 'test', TRUST_PROXY: ' ' }).trustProxy).toBe(false);
    expect(loadConfig({ ...production, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ DATA_DIR: dataDir(), TRUST_PROXY: '10.0.0.2, 172.16.0.0/12,fd00::/8, ::1' }).trustProxy).toEqual([
      '10.0.0.2',
      '172.16.0.0/12',
      'fd00::/8',
      '::1',
    ]);
  });

  it('limits downloads to 20 per address per 10 minutes unless DOWNLOADS_PER_ADDRESS says otherwise, and names it when bad', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).downloadsPerAddress).toBe(20);
    expect(loadConfig({ DATA_DIR: dataDir(), DOWNLOADS_PER_ADDRESS: ' 50 ' }).downloadsPerAddress).toBe(50);
    for (const bad of ['0', '-1', '2.5', 'twenty']) {
      expect(() => loadConfig({ DATA_DIR: dataDir(), DOWNLOADS_PER_ADDRESS: bad })).toThrow(
        /^DOWNLOADS_PER_ADDRESS: must be a whole number of at least 1$/,
      );
    }
  });

  it('logs readable lines in the trying-out mode and JSON elsewhere, unless LOG_FORMAT says otherwise', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/suivi',
      JWT_SECRET: 'j'.repeat(40),
      PSEUDONYM_KEY: 'p'.repeat(40),
      PUBLIC_URL: 'https://suivi.example.org',
      SMTP_URL: 'smtp://mail.example.org',
    };
    expect(loadConfig({ DATA_DIR: dataDir() }).logFormat).toBe('lines');
    expect(loadConfig({ DATA_DIR: dataDir(), NODE_ENV: 'test' }).logFormat).toBe('json');
    expect(loadConfig(production).logFormat).toBe('json');
    expect(loadConfig({ DATA_DIR: dataDir(), LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(loadConfig({ ...production, LOG_FORMAT: 'lines' }).logFormat).toBe('lines');
  });

  it('says what TRUST_PROXY takes when it is true', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), TRUST_PROXY: 'true' })).toThrow(/^TRUST_PROXY: true would trust every hop/);
  });
});

describe(loadMigrationConfig.name, () => {
  it("takes the owner's URL and no secret: the migrate step carries nothing the API needs", () => {
    expect(loadMigrationConfig({ NODE_ENV: 'production', MIGRATION_DATABASE_URL: 'postgres://owner@db/suivi' })).toMatchObject({
      nodeEnv: 'production',
      migrationDatabaseUrl: 'postgres://owner@db/suivi',
      databaseUrl: null,
    });
    expect(loadMigrationConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/suivi' }).databaseUrl).toBe('postgres://db/suivi');
  });

  it('refuses a production migration without a server, naming MIGRATION_DATABASE_URL', () => {
    expect(() => loadMigrationConfig({ NODE_ENV: 'production' })).toThrow(/^MIGRATION_DATABASE_URL: required in production/);
    expect(() => loadMigrationConfig({ MIGRATION_DATABASE_URL: 'mysql://db/suivi' })).toThrow(/^MIGRATION_DATABASE_URL: must start with/);
  });
});
