import type { ValueTransformer } from 'typeorm';

/** Stores times as integer UNIX seconds (as oauth2app did) in a bigint column; PostgreSQL returns those as strings. */
export const unixTime: ValueTransformer = {
  to: (value?: number | null) => value,
  from: (value?: string | number | null) => (value == null ? value : Number(value)),
};

/** The current time in UNIX seconds. */
export function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
