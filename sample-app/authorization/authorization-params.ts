import type { AuthorizationParams, TokenRequestParams } from 'nestjs-oauth2-token';

/** The authorization request's parameters (RFC 6749 §4.1.1, RFC 7636 §4.3), carried from the GET to the POST. */
export const AUTHORIZATION_PARAMS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
] as const;

/** The query string of a request URL; a repeated name becomes an array, which `Authorizer.validate` refuses. */
export function queryParams(url: string): AuthorizationParams {
  const params: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of new URL(url, 'http://localhost').searchParams) {
    const previous = params[name];
    params[name] =
      previous === undefined
        ? value
        : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return params;
}

/** Only the authorization parameters of a submitted form (the hidden fields), without login fields. */
export function authorizationParamsOf(form: TokenRequestParams): AuthorizationParams {
  const params: Record<string, string> = Object.create(null);
  for (const name of AUTHORIZATION_PARAMS) {
    const value = form[name];
    if (value !== undefined) params[name] = value;
  }
  return params;
}
