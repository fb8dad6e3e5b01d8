import { HttpException, type Logger } from '@nestjs/common';
import { basicChallenge } from '../http/basic-credentials.js';
import { isDatabaseUnavailable } from '../persistence/database-errors.js';
import { AccessTokenException } from '../exceptions/access-token.exception.js';
import { InvalidRequest } from '../exceptions/invalid-request.exception.js';
import { ServerError } from '../exceptions/server-error.exception.js';
import { TemporarilyUnavailable } from '../exceptions/temporarily-unavailable.exception.js';

/** An RFC 6749 §5.2 error response: status, headers and a body of `error` and `error_description` only. */
export interface OAuth2ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: { error: string; error_description?: string };
}

/**
 * Renders any failure as an RFC error (see `toAccessTokenException`). A 401 always carries a `WWW-Authenticate`
 * challenge (RFC 9110 §15.5.2): `Basic realm="<realm>"` unless the error brought its own.
 */
export function toOAuth2ErrorResponse(
  exception: unknown,
  logger: Logger,
  realm: string,
): OAuth2ErrorResponse {
  const error = toAccessTokenException(exception, logger);
  const headers = { ...error.headers };
  const challenged = Object.keys(headers).some((name) => name.toLowerCase() === 'www-authenticate');
  if (error.status === 401 && !challenged) headers['WWW-Authenticate'] = basicChallenge(realm);
  return {
    status: error.status,
    headers,
    body: error.description
      ? { error: error.error, error_description: error.description }
      : { error: error.error },
  };
}

/**
 * The RFC error for a failure: its own if it has one; a 4xx from the app's guards or pipes keeps its status as
 * `invalid_request`; an unreachable database is `temporarily_unavailable` (503); anything else is `server_error`
 * with a fixed text, its cause logged, never sent.
 */
function toAccessTokenException(exception: unknown, logger: Logger): AccessTokenException {
  if (exception instanceof AccessTokenException) return exception;
  if (exception instanceof HttpException && exception.getStatus() < 500) {
    return Object.assign(new InvalidRequest('The request was refused'), {
      status: exception.getStatus(),
    });
  }
  if (isDatabaseUnavailable(exception)) {
    logger.warn(
      `Database unavailable: ${exception instanceof Error ? exception.message : exception}`,
    );
    return new TemporarilyUnavailable('The service is temporarily unavailable; retry shortly');
  }
  logger.error(
    'Token request failed unexpectedly',
    exception instanceof Error ? exception.stack : exception,
  );
  return new ServerError('The server could not complete the request');
}
