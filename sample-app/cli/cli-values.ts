import { CliUsageError, type CliValues } from './cli-command.js';

/** The value of a string option, or undefined when absent; throws when it is given empty. */
export function optionalString(values: CliValues, name: string): string | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new CliUsageError(`--${name} needs a value`);
  }
  return value;
}

/** The value of a required string option. */
export function requiredString(values: CliValues, name: string): string {
  const value = optionalString(values, name);
  if (value === undefined) throw new CliUsageError(`--${name} is required`);
  return value;
}

/** The values of a string option that may be repeated. */
export function stringList(values: CliValues, name: string): string[] {
  const value = values[name];
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  if (list.some((item) => typeof item !== 'string' || item === '')) {
    throw new CliUsageError(`--${name} needs a value`);
  }
  return list as string[];
}

/** Whether a boolean flag is set. */
export function flag(values: CliValues, name: string): boolean {
  return values[name] === true;
}
