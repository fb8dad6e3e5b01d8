import { Inject, Injectable } from '@nestjs/common';
import { nowInSeconds } from '../entities/unix-time.transformer.js';
import { generateSecret, hashSecret } from '../crypto/secrets.js';
import type { CodeChallengeMethod } from '../crypto/pkce.js';
import { OAUTH2_TOKEN_CONFIG } from '../oauth2-token.constants.js';
import type { OAuth2TokenConfig } from '../config/oauth2-token-config.js';
import { joinScope } from '../config/scope-token.js';
import { InvalidRegistration } from '../exceptions/invalid-registration.exception.js';
import { ClientStore } from '../persistence/client.store.js';
import { CodeStore } from '../persistence/code.store.js';
import { ScopePolicy } from './scope-policy.service.js';

const CODE_CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;

/** What an authorization endpoint decided: the code's client, user, redirect URI, scope and PKCE challenge. */
export interface CodeRequest {
  clientId: string;
  userId: string | null;
  redirectUri?: string;
  /** Space-delimited scope. */
  scope?: string;
  codeChallenge?: string;
  codeChallengeMethod?: CodeChallengeMethod;
  /** Lifetime in seconds. @default the module's `codeExpiresIn` */
  expiresIn?: number;
}

/** Issues authorization codes (what oauth2app's Authorizer did after consent); stores only their hash. */
@Injectable()
export class CodeIssuer {
  constructor(
    private readonly clients: ClientStore,
    private readonly codes: CodeStore,
    private readonly scopes: ScopePolicy,
    @Inject(OAUTH2_TOKEN_CONFIG) private readonly config: OAuth2TokenConfig,
  ) {}

  /** Whether codes bound to a `plain` PKCE challenge are accepted here (the `allowPlainPkce` option). */
  get acceptsPlainPkce(): boolean {
    return this.config.allowPlainPkce;
  }

  /** Returns the new code; throws `InvalidRegistration` (or `InvalidScope`) for what could never be redeemed. */
  async issue(request: CodeRequest): Promise<string> {
    const client = await this.clients.findById(request.clientId);
    if (!client) throw new InvalidRegistration('Unknown client');
    if (request.redirectUri !== undefined && !client.redirectUris.includes(request.redirectUri)) {
      throw new InvalidRegistration('The redirect URI is not registered for this client');
    }
    this.checkChallenge(request, client.isPublic);
    const scope = (await this.scopes.parse(request.scope)) ?? [];
    const code = generateSecret();
    const now = nowInSeconds();
    await this.codes.add({
      codeHash: hashSecret(code),
      clientId: client.clientId,
      userId: request.userId,
      redirectUri: request.redirectUri ?? null,
      scope: joinScope(scope),
      issuedAt: now,
      expiresAt: now + (request.expiresIn ?? this.config.codeExpiresIn),
      codeChallenge: request.codeChallenge ?? null,
      codeChallengeMethod: request.codeChallenge ? (request.codeChallengeMethod ?? 'plain') : null,
      consumedAt: null,
    });
    return code;
  }

  /** RFC 7636 §4.2–4.3: a well-formed challenge, with a method the token endpoint will accept. */
  protected checkChallenge(
    { codeChallenge, codeChallengeMethod }: CodeRequest,
    isPublic: boolean,
  ): void {
    if (codeChallenge === undefined) {
      if (isPublic) throw new InvalidRegistration('A public client must use PKCE');
      if (codeChallengeMethod !== undefined)
        throw new InvalidRegistration('A method needs a code challenge');
      return;
    }
    if (!CODE_CHALLENGE.test(codeChallenge))
      throw new InvalidRegistration('The code challenge is malformed');
    const method = codeChallengeMethod ?? 'plain';
    if (method !== 'S256' && !(method === 'plain' && this.config.allowPlainPkce)) {
      throw new InvalidRegistration('The code challenge method is not accepted');
    }
  }
}
