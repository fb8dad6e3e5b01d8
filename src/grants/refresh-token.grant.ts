import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { AccessToken } from '../entities/access-token.entity.js';
import { nowInSeconds } from '../entities/unix-time.transformer.js';
import { InvalidGrant, InvalidRequest, InvalidScope } from '../exceptions/index.js';
import { hashSecret } from '../crypto/secrets.js';
import { OAUTH2_TOKEN_CONFIG } from '../oauth2-token.constants.js';
import type { OAuth2TokenConfig } from '../config/oauth2-token-config.js';
import { splitScope } from '../config/scope-token.js';
import { TokenRevoker } from '../services/token-revoker.service.js';
import {
  repositoryUpdate,
  statementsOnFirstUse,
  type BoundUpdate,
} from '../services/entity-statements.js';
import type { GrantRequest, OAuth2Grant, PreparedGrant } from './oauth2-grant.interface.js';

/**
 * RFC 6749 §6 with rotation: a refresh issues a new access token and refresh token and retires the presented one;
 * presenting a retired one again revokes its whole chain (RFC 9700 §4.14.2).
 */
@Injectable()
export class RefreshTokenGrant implements OAuth2Grant {
  readonly grantType = 'refresh_token';
  private readonly compiled;

  constructor(
    protected readonly dataSource: DataSource,
    protected readonly revoker: TokenRevoker,
    @Inject(OAUTH2_TOKEN_CONFIG) protected readonly config: OAuth2TokenConfig,
  ) {
    this.compiled = statementsOnFirstUse(dataSource, AccessToken, (statements) => ({
      find: statements.findOneBy('refreshTokenHash'),
      retire: statements.updateWhereNull('rotatedAt', 'id', ['rotatedAt', 'revokedAt']),
    }));
  }

  /** A generator that issues no refresh tokens accepts none. */
  get enabled(): boolean {
    return this.config.refreshable;
  }

  async validate({ params, client, scope }: GrantRequest): Promise<PreparedGrant> {
    if (!params.refresh_token) throw new InvalidRequest('refresh_token is required');
    const token = await this.findByRefreshToken(hashSecret(params.refresh_token));
    if (!token || token.clientId !== client.clientId || !token.refreshable) {
      throw new InvalidGrant('The refresh token is invalid');
    }
    if (token.rotatedAt !== null) {
      await this.revoker.revokeFamily(token.familyId);
      throw new InvalidGrant('The refresh token was already used');
    }
    if (token.revokedAt !== null || (token.refreshExpiresAt ?? 0) <= nowInSeconds()) {
      throw new InvalidGrant('The refresh token is expired or revoked');
    }
    const original = splitScope(token.refreshScope ?? token.scope);
    if (scope && !scope.every((value) => original.includes(value))) {
      throw new InvalidScope('The scope exceeds the scope originally granted');
    }
    return {
      userId: token.userId,
      scope: scope ?? original,
      refreshScope: original,
      redeems: {
        update: this.retirement(token.id),
        lineage: {
          familyId: token.familyId,
          codeId: token.codeId,
          familyExpiresAt: token.familyExpiresAt,
        },
        lostRace: () => new InvalidGrant('The refresh token was already used'),
      },
    };
  }

  private findByRefreshToken(refreshTokenHash: string): Promise<AccessToken | null> {
    const statements = this.compiled();
    return statements
      ? statements.find(this.dataSource.manager, refreshTokenHash)
      : this.dataSource.getRepository(AccessToken).findOneBy({ refreshTokenHash });
  }

  /** Marks the token rotated unless it already is (or was revoked): changes 1 row, or 0 after a lost race. */
  private retirement(id: number): BoundUpdate {
    const statements = this.compiled();
    return statements
      ? statements.retire(nowInSeconds, id)
      : repositoryUpdate(AccessToken, { id, rotatedAt: IsNull(), revokedAt: IsNull() }, () => ({
          rotatedAt: nowInSeconds(),
        }));
  }
}
