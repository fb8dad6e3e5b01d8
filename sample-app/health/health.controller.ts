import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { DATABASE_TIMEOUT_MS } from '../database/database-options.js';
import { DatabaseStartup } from '../database/database-startup.service.js';

/** `GET /health`: 200 `{"status":"ok"}` when the database answers `SELECT 1` within the bound, else 503. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly startup: DatabaseStartup,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(DATABASE_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async check(@Res({ passthrough: true }) response: unknown): Promise<{ status: string }> {
    if (await this.databaseAnswers()) return { status: 'ok' };
    const http = this.adapterHost.httpAdapter;
    http.status(response, 503);
    http.setHeader(response, 'Retry-After', '1');
    return { status: 'unavailable' };
  }

  /** Never waits longer than the bound, even when the driver itself would. */
  private async databaseAnswers(): Promise<boolean> {
    if (!this.startup.isReady) return false;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), this.timeoutMs);
    });
    const ping = this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([ping, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }
}
