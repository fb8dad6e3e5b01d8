import { AccessTokenException } from './access-token.exception.js';

/** The request is missing a parameter, repeats one, uses two client authentication methods or is otherwise malformed. */
export class InvalidRequest extends AccessTokenException {
  override readonly error = 'invalid_request';
  override readonly status: number = 400;
}
