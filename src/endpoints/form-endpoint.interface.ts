import type { TokenRequest } from '../interfaces/token-request.interface.js';

/** An endpoint that takes a POSTed form (token, revocation, introspection) and answers JSON. */
export interface FormEndpoint {
  /** Answers the request's JSON body, or throws an `AccessTokenException`. */
  handle(request: TokenRequest): Promise<object>;
}
