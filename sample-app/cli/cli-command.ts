import type { INestApplicationContext } from '@nestjs/common';
import type { ParseArgsConfig } from 'node:util';

/** The option values `parseArgs` returns. */
export type CliValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** A CLI command's answer, printed as one JSON object. */
export type CliResult = Record<string, unknown>;

/** One CLI command: its options, a check of their values (before any database work) and the work itself. */
export interface CliCommand<Input = unknown> {
  /** E.g. `scope:create`. */
  readonly name: string;
  /** One line of usage, shown on bad arguments. */
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** Environment variables the command cannot work without, checked before any database work. */
  readonly requiresEnv?: readonly string[];
  /** Turns option values into the command's input; throws `CliUsageError` when they are wrong. */
  parse(values: CliValues): Input;
  /** Does the work in the sample app's context and resolves the JSON answer; throws on failure. */
  run(app: INestApplicationContext, input: Input): Promise<CliResult>;
}

/** Bad arguments: an unknown command or option, a missing or malformed value. */
export class CliUsageError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** Declares a command, keeping its input type checked between `parse` and `run`. */
export function defineCommand<Input>(command: CliCommand<Input>): CliCommand<Input> {
  return command;
}
