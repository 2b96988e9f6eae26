import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppInfoView, HealthView } from '@suivi/contracts';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';

import { Public } from '../access/policy';
import { DEMO_SEEDED_KEY } from '../seed/seed.service';

const VERSION = '0.1.0';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get('health')
  @Public()
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthView> {
    try {
      await withTimeout(this.db.query('SELECT 1'), 2000);
      return { status: 'ok', database: 'up' };
    } catch {
      void reply.status(503);
      return { status: 'degraded', database: 'down' };
    }
  }

  @Get('info')
  @Public()
  async info(): Promise<AppInfoView> {
    const rows = (await this.db.query('SELECT 1 FROM app_settings WHERE key = $1', [DEMO_SEEDED_KEY])) as unknown[];
    return { demo: rows.length > 0, version: VERSION };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
