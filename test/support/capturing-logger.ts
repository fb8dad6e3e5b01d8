import { inspect } from 'node:util';
import type { Logger as TypeOrmLogger } from 'typeorm';

/** A TypeORM logger that keeps everything it is given, arguments and error objects in full. */
export class CapturingLogger implements TypeOrmLogger {
  readonly entries: string[] = [];
  private keep(...args: unknown[]) {
    this.entries.push(args.map((arg) => inspect(arg, { depth: 6 })).join(' '));
  }
  logQuery(...args: unknown[]) {
    this.keep('query', ...args.slice(0, 2));
  }
  logQueryError(...args: unknown[]) {
    this.keep('query-error', ...args.slice(0, 3));
  }
  logQuerySlow(...args: unknown[]) {
    this.keep('query-slow', ...args.slice(0, 3));
  }
  logSchemaBuild(message: string) {
    this.keep('schema', message);
  }
  logMigration(message: string) {
    this.keep('migration', message);
  }
  log(level: string, message: unknown) {
    this.keep(level, message);
  }
}
