import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client } from '../entities/client.entity.js';
import { Code } from '../entities/code.entity.js';
import { nowInSeconds } from '../entities/unix-time.transformer.js';
import { generateSecret, hashSecret } from '../crypto/secrets.js';
import type { CodeChallengeMethod } from '../crypto/pkce.js';
import { OAUTH2_TOKEN_CONFIG } from '../oauth2-token.constants.js';
import type { OAuth2TokenConfig } from '../config/oauth2-token-config.js';
import { joinScope } from '../config/scope-token.js';
import { ScopePolicy } from './scope-policy.service.js';

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
    private readonly dataSource: DataSource,
    private readonly scopes: ScopePolicy,
    @Inject(OAUTH2_TOKEN_CONFIG) private readonly config: OAuth2TokenConfig,
  ) {}

  /** Returns the new code; throws when the client is unknown or the redirect URI or scope is not acceptable. */
  async issue(request: CodeRequest): Promise<string> {
    const client = await this.dataSource
      .getRepository(Client)
      .findOneBy({ clientId: request.clientId });
    if (!client) throw new Error('Unknown client');
    if (request.redirectUri !== undefined && !client.redirectUris.includes(request.redirectUri)) {
      throw new Error('The redirect URI is not registered for this client');
    }
    if (client.isPublic && !request.codeChallenge) throw new Error('A public client must use PKCE');
    const scope = (await this.scopes.parse(request.scope)) ?? [];
    const code = generateSecret();
    const now = nowInSeconds();
    await this.dataSource.getRepository(Code).insert({
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
}
