import { constants as zlib } from 'node:zlib';

import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import { EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES } from '@suivi/contracts';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';

import { AppModule } from './app.module';
import { AuditService } from './audit/audit.service';
import { useCacheHeaders } from './common/cache-headers';
import { recordErrorBodies } from './common/error-bodies';
import { useSecurityHeaders } from './common/security-headers';
import { createValidationPipe } from './common/validation';
import type { AppConfig } from './config/env';
import { openDatabase, type OpenedDatabase } from './database/database';
import { SuiviIoAdapter } from './realtime/redis-io.adapter';
import { OpenDataService } from './exports/open-data.service';
import { DemoSeeder } from './seed/seeder';
import { WebAppFallbackFilter } from './web/web-app-fallback.filter';
import { serveWebApp } from './web/web-app';

export interface RunningApp {
  app: NestFastifyApplication;
  database: OpenedDatabase;
  close(): Promise<void>;
}

/** Builds the whole application: database (migrated, seeded when asked), HTTP, docs, web app. */
export async function createApp(config: AppConfig): Promise<RunningApp> {
  const database = await openDatabase(config);
  let app: NestFastifyApplication | null = null;
  try {
    const adapter = new FastifyAdapter({
      bodyLimit: 1024 * 1024,
      // The client address the rate limits count: X-Forwarded-For only from the proxies TRUST_PROXY
      // names (none by default). It is never logged or stored with anything a person wrote.
      trustProxy: config.trustProxy,
      // Under routerOptions, where Fastify 5 reads it: at the top level it printed a deprecation
      // warning (FSTDEP022) at every start.
      routerOptions: { ignoreTrailingSlash: true },
    });
    app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, database.dataSource), adapter, {
      bufferLogs: true,
    });
    app.useLogger(app.get(Logger));
    app.useWebSocketAdapter(new SuiviIoAdapter(app));
    app.setGlobalPrefix('api');
    app.useGlobalPipes(createValidationPipe());
    app.enableCors({ origin: config.corsOrigins.length ? config.corsOrigins : false, credentials: true });
    app.enableShutdownHooks();
    // CSV imports arrive as text/csv (up to 5 MB, beyond the JSON body limit).
    app
      .getHttpAdapter()
      .getInstance()
      .addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    await app.register(fastifyCookie);
    if (config.errorBodiesDir) {
      recordErrorBodies(app.getHttpAdapter().getInstance(), config.errorBodiesDir);
    }
    // Before compression, whose hook then sees the answer this one settled (a 304 has no body).
    useCacheHeaders(app);
    // Phones on slow connections: the web app's bundles, translations and the dashboard's JSON
    // were sent uncompressed (Lighthouse: 726 KB for the dashboard page, tests/perf F2/F3).
    // Brotli at quality 5 costs a fraction of the default 11's CPU for most of its gain.
    await app.register(fastifyCompress, {
      global: true,
      threshold: 1024,
      encodings: ['br', 'gzip'],
      brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } },
    });
    await app.register(fastifyMultipart, {
      limits: {
        fileSize: EVIDENCE_MAX_BYTES,
        files: EVIDENCE_MAX_FILES + 1,
        fields: 4,
        fieldSize: 256 * 1024,
        parts: EVIDENCE_MAX_FILES + 5,
      },
      throwFileSizeLimit: true,
    });
    useSecurityHeaders(app, {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Angular adds component styles at run time as <style> elements.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    });
    if (config.webDir) {
      await serveWebApp(app, config.webDir);
      app.useGlobalFilters(new WebAppFallbackFilter(config.webDir));
    }
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Suivi API')
        .setDescription('Follow-up of multi-stakeholder dialogue commitments. Bilingual text is { en, fr }.')
        .setVersion('0.1.0')
        .addBearerAuth()
        .build(),
    );
    SwaggerModule.setup('api/docs', app, document);
    await app.init();
    // Before any write of this start: rows from before records were bound get their baseline.
    await app.get(AuditService).bindBaseline();

    if (config.seedDemo) {
      const result = await app.get(DemoSeeder).seedIfEmpty(config.demoPassword);
      if (result.seeded) {
        new NestLogger('Seed').log(
          `Bamako demo data loaded. Demo accounts (password: ${config.demoPassword}): secretariat@suivi.demo, justice@suivi.demo, civil@suivi.demo, partner@suivi.demo, observer@suivi.demo`,
        );
      }
    }
    // The first checkpoint is published at first start, then daily (AuditService's timer).
    await app.get(AuditService).checkpointIfDue();
    // The open data export of this start's head, in the background: requests never start one.
    void app.get(OpenDataService).generateIfDue();
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.close();
    throw error;
  }
  const running = app;
  return {
    app: running,
    database,
    async close() {
      await running.close();
      await database.close();
    },
  };
}
