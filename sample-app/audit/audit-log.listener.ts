import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { OAUTH2_EVENT_PREFIX, type OAuth2AuditRecord } from 'nestjs-oauth2-token';

/** Writes each of the module's audit events as one JSON line on stdout, the format log shippers read. */
@Injectable()
export class AuditLogListener {
  @OnEvent(`${OAUTH2_EVENT_PREFIX}**`)
  write(record: OAuth2AuditRecord): void {
    const { at, type, ...fields } = record;
    process.stdout.write(
      `${JSON.stringify({ at, audit: `${OAUTH2_EVENT_PREFIX}${type}`, ...fields })}\n`,
    );
  }
}
