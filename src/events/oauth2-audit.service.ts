import { Injectable, Logger, Optional } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { OAUTH2_EVENT_PREFIX, type OAuth2AuditEvent } from './oauth2-audit-event.js';

/**
 * Emits the module's audit events on the app's `@nestjs/event-emitter` bus (`EventEmitterModule.forRoot()`), each
 * named `oauth2.<type>`; without the bus, it emits nothing. A failing listener never fails a request.
 */
@Injectable()
export class OAuth2Audit {
  private readonly logger = new Logger('OAuth2Audit');

  constructor(@Optional() private readonly emitter?: EventEmitter2) {}

  emit(event: OAuth2AuditEvent): void {
    if (!this.emitter) return;
    try {
      this.emitter.emit(`${OAUTH2_EVENT_PREFIX}${event.type}`, {
        ...event,
        at: new Date().toISOString(),
      });
    } catch (error) {
      this.logger.error(`An audit listener failed on ${event.type}`, (error as Error)?.stack);
    }
  }
}
