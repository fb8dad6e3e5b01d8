import { Inject, Injectable, Optional } from '@nestjs/common';
import { CLIENT_ID } from '../config/client-id.js';
import type { Client } from '../entities/client.entity.js';
import { AccessTokenException } from '../exceptions/access-token.exception.js';
import { redirectUriProblem } from '../config/redirect-uri.js';
import { OAUTH2_ISSUER } from '../oauth2-token.constants.js';
import { ClientStore } from '../persistence/client.store.js';
import { CodeIssuer } from '../domain/code-issuer.service.js';
import { ScopePolicy } from '../domain/scope-policy.service.js';
import { AuthorizationError } from './authorization-error.js';
import type { AuthorizationRequest } from './authorization-request.js';

/** Query parameters of an authorization request; an array means the parameter was repeated. */
export type AuthorizationParams = Readonly<Record<string, string | string[] | undefined>>;

const CODE_CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * The authorization endpoint's logic (RFC 6749 §4.1, RFC 7636, RFC 9700), oauth2app's Authorizer: validates a
 * request, then turns the user's decision into the redirect back to the client. The app renders login and consent.
 */
@Injectable()
export class Authorizer {
  constructor(
    private readonly clients: ClientStore,
    private readonly scopes: ScopePolicy,
    private readonly codes: CodeIssuer,
    @Optional() @Inject(OAUTH2_ISSUER) private readonly issuer?: string,
  ) {}

  /** Checks the request; throws `AuthorizationError`, redirectable only once client and redirect URI are trusted. */
  async validate(params: AuthorizationParams): Promise<AuthorizationRequest> {
    const single = (name: string): string | undefined => {
      const value = params[name];
      if (Array.isArray(value))
        throw new AuthorizationError('invalid_request', `${name} is repeated`);
      return value === '' ? undefined : value;
    };
    const clientId = single('client_id');
    const client =
      clientId && CLIENT_ID.test(clientId) ? await this.clients.findById(clientId) : null;
    if (!client) throw new AuthorizationError('invalid_request', 'Unknown client');
    const sent = single('redirect_uri');
    const redirectUri =
      sent ?? (client.redirectUris.length === 1 ? client.redirectUris[0] : undefined);
    if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
      throw new AuthorizationError(
        'invalid_request',
        'The redirect URI is not registered for this client',
      );
    }
    // A row stored before the registration rules, or by another writer, must still never be redirected to.
    this.assertRedirectable(redirectUri);

    const state = single('state');
    const refuse = (error: AuthorizationError['error'], description: string) =>
      new AuthorizationError(error, description, redirectUri, state);
    try {
      const responseType = single('response_type');
      if (responseType === undefined) throw refuse('invalid_request', 'response_type is required');
      if (responseType !== 'code') {
        throw refuse('unsupported_response_type', 'Only response_type=code is supported');
      }
      if (!client.grantTypes.includes('authorization_code')) {
        throw refuse('unauthorized_client', 'The client may not use the authorization code grant');
      }
      const { codeChallenge, codeChallengeMethod } = this.proofKey(single, client, refuse);
      const scope = (await this.scopes.parse(single('scope'))) ?? [];
      this.scopes.assertIssuable(scope, client);
      return {
        client,
        redirectUri,
        redirectUriSent: sent !== undefined,
        scope,
        state,
        codeChallenge,
        codeChallengeMethod,
      };
    } catch (error) {
      // Client and redirect URI are trusted from here on: every refusal goes back to the client.
      if (error instanceof AccessTokenException) throw refuse('invalid_scope', error.description);
      if (error instanceof AuthorizationError && !error.redirectUri)
        throw refuse(error.error, error.message);
      throw error;
    }
  }

  /** The user approved: issues the code and answers the redirect URL carrying it (with `state` and `iss`). */
  async approve(request: AuthorizationRequest, userId: string): Promise<string> {
    this.assertRedirectable(request.redirectUri);
    const code = await this.codes.issue({
      clientId: request.client.clientId,
      userId,
      redirectUri: request.redirectUriSent ? request.redirectUri : undefined,
      scope: request.scope.join(' '),
      codeChallenge: request.codeChallenge,
      codeChallengeMethod: request.codeChallengeMethod,
    });
    return this.redirect(request.redirectUri, { code, state: request.state });
  }

  /** The user declined: the redirect URL carrying `access_denied`. */
  deny(request: AuthorizationRequest): string {
    this.assertRedirectable(request.redirectUri);
    return this.errorRedirect(
      new AuthorizationError(
        'access_denied',
        'The user denied the request',
        request.redirectUri,
        request.state,
      ),
    )!;
  }

  /** The redirect URL for a redirectable error; undefined when the error must be shown to the user instead. */
  errorRedirect(error: AuthorizationError): string | undefined {
    if (!error.redirectUri || redirectUriProblem(error.redirectUri)) return undefined;
    return this.redirect(error.redirectUri, {
      error: error.error,
      error_description: error.message,
      state: error.state,
    });
  }

  /** RFC 7636: S256 unless plain is enabled; a public client must send a challenge. */
  protected proofKey(
    single: (name: string) => string | undefined,
    client: Client,
    refuse: (error: 'invalid_request', description: string) => AuthorizationError,
  ): Pick<AuthorizationRequest, 'codeChallenge' | 'codeChallengeMethod'> {
    const codeChallenge = single('code_challenge');
    const method = single('code_challenge_method') ?? (codeChallenge ? 'plain' : undefined);
    if (codeChallenge === undefined) {
      if (client.isPublic)
        throw refuse('invalid_request', 'A public client must send a PKCE code_challenge');
      if (method !== undefined)
        throw refuse('invalid_request', 'code_challenge_method needs a code_challenge');
      return {};
    }
    if (!CODE_CHALLENGE.test(codeChallenge))
      throw refuse('invalid_request', 'The code_challenge is malformed');
    if (method !== 'S256' && !(method === 'plain' && this.codes.acceptsPlainPkce)) {
      throw refuse('invalid_request', 'The code_challenge_method is not supported');
    }
    return { codeChallenge, codeChallengeMethod: method };
  }

  /**
   * Refuses, as an error to show rather than redirect, a URI that breaks the registration rules (RFC 9700 §4.1),
   * whoever built the request.
   */
  private assertRedirectable(uri: string): void {
    const problem = redirectUriProblem(uri);
    if (problem) throw new AuthorizationError('invalid_request', problem);
  }

  private redirect(uri: string, params: Record<string, string | undefined>): string {
    const url = new URL(uri);
    for (const [name, value] of Object.entries({ ...params, iss: this.issuer })) {
      if (value !== undefined) url.searchParams.set(name, value);
    }
    return url.toString();
  }
}
