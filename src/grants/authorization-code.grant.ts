import { Inject, Injectable } from '@nestjs/common';
import type { Code } from '../entities/code.entity.js';
import { nowInSeconds } from '../entities/unix-time.transformer.js';
import { InvalidGrant, InvalidRequest } from '../exceptions/index.js';
import { hashSecret } from '../crypto/secrets.js';
import { verifyCodeChallenge, type CodeChallengeMethod } from '../crypto/pkce.js';
import { OAUTH2_TOKEN_CONFIG } from '../oauth2-token.constants.js';
import type { OAuth2TokenConfig } from '../config/oauth2-token-config.js';
import { splitScope } from '../config/scope-token.js';
import { TokenRevoker } from '../domain/token-revoker.service.js';
import { OAuth2Audit } from '../events/oauth2-audit.service.js';
import { CodeStore } from '../persistence/code.store.js';
import type { Client } from '../entities/client.entity.js';
import type {
  GrantRequest,
  OAuth2Grant,
  PreparedGrant,
} from '../interfaces/oauth2-grant.interface.js';

/** RFC 6749 §4.1.3 with PKCE (RFC 7636): a code is redeemed once, by its own client, with its redirect URI. */
@Injectable()
export class AuthorizationCodeGrant implements OAuth2Grant {
  readonly grantType = 'authorization_code';
  /** The scope is the code's; RFC 6749 §4.1.3 defines no `scope` parameter here. */
  readonly takesScope = false;
  /** Audit events (`oauth2.*`); property-injected so subclasses keep their constructors. */
  @Inject(OAuth2Audit) protected readonly audit: OAuth2Audit;

  constructor(
    protected readonly codes: CodeStore,
    protected readonly revoker: TokenRevoker,
    @Inject(OAUTH2_TOKEN_CONFIG) protected readonly config: OAuth2TokenConfig,
  ) {}

  async validate({ params, client }: GrantRequest): Promise<PreparedGrant> {
    if (!params.code) throw new InvalidRequest('code is required');
    const code = await this.findCode(params.code, client);
    this.checkRedirectUri(code, params.redirect_uri);
    this.checkProofKey(code, params.code_verifier, client.isPublic);
    await this.checkUnused(code);
    if (code.expiresAt <= nowInSeconds())
      throw new InvalidGrant('The authorization code has expired');
    return this.prepare(code);
  }

  /** The client's own code; another client's fails without side effects, so whoever saw it cannot burn it. */
  protected async findCode(value: string, client: Client): Promise<Code> {
    const code = await this.codes.findByHash(hashSecret(value));
    if (!code || code.clientId !== client.clientId) {
      throw new InvalidGrant('The authorization code is invalid');
    }
    return code;
  }

  /**
   * RFC 6749 §4.1.2: a code presented again is refused, and the tokens issued from it are revoked, even once it has
   * expired. Called last, so that only a request that would have redeemed the unused code revokes: its own client
   * (authenticated when confidential), its redirect URI and its PKCE verifier. A used code alone (from a browser
   * history, a log, a Referer) proves nothing, and with PKCE its tokens can only have gone to the verifier's holder.
   */
  protected async checkUnused(code: Code): Promise<void> {
    if (code.consumedAt === null) return;
    await this.revoker.revokeIssuedFromCode(code.id);
    this.audit.emit({
      type: 'code.replayed',
      clientId: code.clientId,
      userId: code.userId,
      codeId: code.id,
    });
    throw new InvalidGrant('The authorization code was already used');
  }

  /** RFC 6749 §4.1.3 and RFC 9700 §4.1.3: present iff it was in the authorization request, compared exactly. */
  protected checkRedirectUri(code: Code, redirectUri: string | undefined): void {
    if (code.redirectUri !== null && redirectUri === undefined) {
      throw new InvalidRequest('redirect_uri is required');
    }
    if ((redirectUri ?? null) !== code.redirectUri) {
      throw new InvalidGrant('redirect_uri does not match the authorization request');
    }
  }

  /** RFC 7636 §4.6; a verifier for a code without a challenge is a downgrade attempt (RFC 9700 §4.8.2). */
  protected checkProofKey(code: Code, verifier: string | undefined, publicClient: boolean): void {
    if (code.codeChallenge === null) {
      if (verifier !== undefined)
        throw new InvalidGrant('The code was issued without a code challenge');
      if (publicClient) throw new InvalidGrant('A public client must use PKCE');
      return;
    }
    const method = (code.codeChallengeMethod ?? 'plain') as CodeChallengeMethod;
    if (method !== 'S256' && !(method === 'plain' && this.config.allowPlainPkce)) {
      throw new InvalidGrant('The code challenge method is not accepted');
    }
    if (verifier === undefined || !verifyCodeChallenge(verifier, code.codeChallenge, method)) {
      throw new InvalidGrant('code_verifier does not match the code challenge');
    }
  }

  /** The token for the code's user and scope, consuming the code as it is stored. */
  protected prepare(code: Code): PreparedGrant {
    return {
      userId: code.userId,
      scope: splitScope(code.scope),
      redeems: {
        redeem: this.codes.redemption(code.id),
        lineage: { codeId: code.id },
        lostRace: () => new InvalidGrant('The authorization code was already used'),
      },
    };
  }
}
