import pino from 'pino';

import { formatLine, lineFormatter, loggerParams } from './logger';

const at = new Date(2026, 11, 1, 14, 2, 7).getTime();

function collect() {
  const lines: string[] = [];
  return { lines, sink: { write: (text: string) => lines.push(text) } };
}

describe('the trying-out mode’s log lines', () => {
  it('says a request in one line: method, address, status, time', () => {
    const line = formatLine({
      level: 30,
      time: at,
      pid: 1,
      hostname: 'vm',
      req: { id: 'req-7', method: 'GET', url: '/api/commitments?page=2' },
      res: { statusCode: 200 },
      responseTime: 12,
      msg: 'request completed',
    } as never);
    expect(line).toBe('14:02:07 GET /api/commitments?page=2 200 12 ms\n');
  });

  it('names the level when it is not info, the context, the fields, and an error’s stack below it', () => {
    expect(formatLine({ level: 40, time: at, context: 'RedisConnections', msg: 'Redis is unreachable' } as never)).toBe(
      '14:02:07 WARN [RedisConnections] Redis is unreachable\n',
    );
    expect(
      formatLine({
        level: 30,
        time: at,
        context: 'OpenDataService',
        headSeq: 179,
        bytes: 200983,
        msg: 'open data export generated',
      } as never),
    ).toBe('14:02:07 [OpenDataService] open data export generated headSeq=179 bytes=200983\n');
    const error = new Error('connection refused');
    const line = formatLine({
      level: 50,
      time: at,
      context: 'AuditService',
      msg: 'daily audit checkpoint failed',
      err: { message: error.message, stack: error.stack },
    } as never);
    const [first, second] = line.split('\n');
    expect(first).toBe('14:02:07 ERROR [AuditService] daily audit checkpoint failed: connection refused');
    expect(second).toMatch(/^ {4}at /);
  });

  it('counts Nest’s start-up inventory in the line that says the application started', () => {
    const { lines, sink } = collect();
    const log = lineFormatter(sink);
    const entry = (context: string, msg: string) => `${JSON.stringify({ level: 30, time: at, context, msg })}\n`;
    log.write(entry('InstanceLoader', 'AppModule dependencies initialized'));
    log.write(entry('RoutesResolver', 'HealthController {/api/health}:'));
    log.write(entry('RouterExplorer', 'Mapped {/api/health, GET} route'));
    log.write(entry('RouterExplorer', 'Mapped {/api/info, GET} route'));
    log.write(entry('WebSocketsController', 'RealtimeGateway subscribed to the "typing" message'));
    log.write(entry('NestApplication', 'Nest application successfully started'));
    expect(lines).toEqual(['14:02:07 [NestApplication] Nest application successfully started (2 routes mapped)\n']);
  });

  it('keeps a line that is not JSON as it came', () => {
    const { lines, sink } = collect();
    lineFormatter(sink).write('plain text\n');
    expect(lines).toEqual(['plain text\n']);
  });
});

describe(loggerParams.name, () => {
  it('writes JSON lines as they are, readable lines through the formatter', () => {
    expect(Array.isArray(loggerParams({ logLevel: 'info', logFormat: 'json' }).pinoHttp)).toBe(false);

    const { lines, sink } = collect();
    const params = loggerParams({ logLevel: 'info', logFormat: 'lines' }, sink).pinoHttp;
    expect(Array.isArray(params)).toBe(true);
    const [options, stream] = params as [pino.LoggerOptions, pino.DestinationStream];
    pino(options, stream).info({ context: 'Seed' }, 'Bamako demo data loaded');
    expect(lines).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d \[Seed\] Bamako demo data loaded\n$/)]);
  });

  it('leaves health checks out of the request log, reading the address as asked (middie rewrites req.url)', () => {
    const { pinoHttp } = loggerParams({ logLevel: 'info', logFormat: 'json' });
    const ignore = (pinoHttp as { autoLogging: { ignore: (req: object) => boolean } }).autoLogging.ignore;
    expect(ignore({ url: '/', originalUrl: '/api/health' })).toBe(true);
    expect(ignore({ url: '/api/health' })).toBe(true);
    expect(ignore({ url: '/api/health?probe=1' })).toBe(true);
    expect(ignore({ url: '/api/commitments' })).toBe(false);
  });
});
