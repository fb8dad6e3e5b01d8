import type { Logger } from '@nestjs/common';
import { AccessTokenException } from './access-token.exception.js';
import { isDatabaseUnavailable } from '../services/database-errors.js';
import { ServerError } from './server-error.exception.js';
import { TemporarilyUnavailable } from './temporarily-unavailable.exception.js';

/** An RFC 6749 §5.2 error response: status, headers and a body of `error` and `error_description` only. */
export interface OAuth2ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: { error: string; error_description?: string };
}

/**
 * Renders any failure as an RFC error: an unreachable database is `temporarily_unavailable` (503), anything else
 * unexpected `server_error` with a fixed text, its cause logged.
 */
export function toOAuth2ErrorResponse(exception: unknown, logger: Logger): OAuth2ErrorResponse {
  let error: AccessTokenException;
  if (exception instanceof AccessTokenException) {
    error = exception;
  } else if (isDatabaseUnavailable(exception)) {
    logger.warn(
      `Database unavailable: ${exception instanceof Error ? exception.message : exception}`,
    );
    error = new TemporarilyUnavailable('The service is temporarily unavailable; retry shortly');
  } else {
    logger.error(
      'Token request failed unexpectedly',
      exception instanceof Error ? exception.stack : exception,
    );
    error = new ServerError('The server could not complete the request');
  }
  return {
    status: error.status,
    headers: { ...error.headers },
    body: error.description
      ? { error: error.error, error_description: error.description }
      : { error: error.error },
  };
}
