import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DatabaseStartup } from './database-startup.service.js';

/**
 * Until the database is open, answers every request with the token endpoint's own outage response: 503
 * `temporarily_unavailable` with `Retry-After`. Once it is open, the module maps outages to the same answer.
 */
@Injectable()
export class DatabaseReadyMiddleware implements NestMiddleware {
  constructor(private readonly startup: DatabaseStartup) {}

  use(_request: IncomingMessage, response: ServerResponse, next: () => void): void {
    if (this.startup.isReady) return next();
    response.writeHead(503, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      Pragma: 'no-cache',
      'Retry-After': '1',
    });
    response.end(
      JSON.stringify({
        error: 'temporarily_unavailable',
        error_description: 'The service is temporarily unavailable; retry shortly',
      }),
    );
  }
}
