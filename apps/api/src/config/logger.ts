import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';

import type { AppConfig } from './env';

/** Where a formatted line goes: stdout, or a test's buffer. */
export interface LineSink {
  write(text: string): unknown;
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Nest's start-up inventory, one line per module, controller, route and socket message (about 170). */
const INVENTORY = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'WebSocketsController']);

/** What every pino line carries, said otherwise (time, level) or not at all (pid, hostname). */
const SAID = new Set(['level', 'time', 'pid', 'hostname', 'context', 'msg', 'req', 'res', 'responseTime', 'err']);

interface Entry {
  level?: number;
  time?: number;
  context?: string;
  msg?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  err?: { type?: string; message?: string; stack?: string };
  [key: string]: unknown;
}

/**
 * The trying-out mode's log, for a person at a terminal: one short line per request
 * (`14:02:07 GET /api/commitments 200 12 ms`), one per event with its context and fields, an
 * error's stack under it, and Nest's start-up inventory counted in one line instead of printed
 * line by line. The fields are pino's own, serialised as in production: the line says nothing the
 * JSON would not (no address, no user).
 */
export function lineFormatter(sink: LineSink): LineSink {
  const inventory = { routes: 0, lines: 0 };
  return {
    write(json: string) {
      let entry: Entry;
      try {
        entry = JSON.parse(json) as Entry;
      } catch {
        sink.write(json);
        return;
      }
      if (entry.context && INVENTORY.has(entry.context) && (entry.level ?? 30) <= 30) {
        inventory.lines++;
        inventory.routes += entry.context === 'RouterExplorer' ? 1 : 0;
        return;
      }
      if (entry.context === 'NestApplication' && inventory.lines > 0) {
        entry.msg = `${entry.msg ?? ''} (${inventory.routes} routes mapped)`;
        inventory.lines = 0;
      }
      sink.write(formatLine(entry));
    },
  };
}

export function formatLine(entry: Entry): string {
  const time = new Date(entry.time ?? Date.now()).toTimeString().slice(0, 8);
  const level = LEVELS[entry.level ?? 30];
  const parts = [time];
  if (level) {
    parts.push(level);
  }
  if (entry.req && entry.res) {
    parts.push(`${entry.req.method ?? '?'} ${entry.req.url ?? '?'} ${entry.res.statusCode ?? '?'}`);
    if (typeof entry.responseTime === 'number') {
      parts.push(`${entry.responseTime} ms`);
    }
    // pino-http's "request completed" says nothing the line does not; anything else is kept.
    if (entry.msg && entry.msg !== 'request completed') {
      parts.push(entry.msg);
    }
  } else {
    if (entry.context) {
      parts.push(`[${entry.context}]`);
    }
    parts.push(entry.msg ?? '');
  }
  const fields = Object.entries(entry).filter(([key]) => !SAID.has(key));
  if (fields.length) {
    parts.push(fields.map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`).join(' '));
  }
  let line = parts.join(' ');
  if (entry.err) {
    line += `: ${entry.err.message ?? entry.err.type ?? 'error'}`;
    if (entry.err.stack && (entry.level ?? 30) >= 50) {
      line += `\n${entry.err.stack
        .split('\n')
        .slice(1)
        .map((l) => `    ${l.trim()}`)
        .join('\n')}`;
    }
  }
  return `${line}\n`;
}

/**
 * The request log and every Nest log through pino: JSON lines (production, tests, LOG_FORMAT=json),
 * or one readable line each (the trying-out mode's default).
 */
export function loggerParams(config: Pick<AppConfig, 'logLevel' | 'logFormat'>, sink: LineSink = process.stdout): Params {
  const options = {
    level: config.logLevel,
    // No client address and no user in the request log, on any route: who said what must
    // not be reconstructible from logs (DESIGN.md, Safe participation).
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    redact: ['req.headers', 'req.remoteAddress', 'req.remotePort'],
    // A load balancer's health checks would drown the log. Behind Nest's middleware (middie)
    // req.url is only what follows the mount path; originalUrl is the address asked for.
    autoLogging: { ignore: (req: { url?: string; originalUrl?: string }) => isHealthCheck(req.originalUrl ?? req.url) },
  };
  return {
    // Nest 11's path syntax for "every route" (the default '*' is converted with a warning at each start).
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: config.logFormat === 'lines' ? [options, lineFormatter(sink)] : options,
  };
}

function isHealthCheck(url: string | undefined): boolean {
  return url?.split('?')[0] === '/api/health';
}
