/** Network errors and PostgreSQL states that mean "not reachable yet", not "misconfigured". */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, in recovery)
  '53300', // too_many_connections
  '55P03', // lock_not_available: another instance holds the migration lock
  '57014', // query_canceled: statement_timeout
]);

const TRANSIENT_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Query read timeout/i,
  /Connection is not established/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/**
 * Whether a failure to open or migrate the database is worth retrying: the server is down, starting, restarting
 * or busy. A wrong password, a missing database or a failing migration is not, and stops the app.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  const cause = (error as { driverError?: unknown } | undefined)?.driverError ?? error;
  const code = (cause as { code?: unknown } | undefined)?.code?.toString();
  if (code && (TRANSIENT_CODES.has(code) || code.startsWith('08'))) return true;
  const message = cause instanceof Error ? cause.message : '';
  return TRANSIENT_MESSAGES.some((pattern) => pattern.test(message));
}
