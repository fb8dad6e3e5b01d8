import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { AccessToken } from '../entities/access-token.entity.js';
import { nowInSeconds } from '../entities/unix-time.transformer.js';

/** Revokes tokens: one, a refresh chain, or all issued from a code (RFC 7009, RFC 6749 §4.1.2, RFC 9700 §4.14.2). */
@Injectable()
export class TokenRevoker {
  constructor(private readonly dataSource: DataSource) {}

  /** Revokes every token issued from the authorization code, refreshed ones included. */
  async revokeIssuedFromCode(codeId: number): Promise<void> {
    await this.dataSource
      .getRepository(AccessToken)
      .update({ codeId, revokedAt: IsNull() }, { revokedAt: nowInSeconds() });
  }

  /** Revokes one token row: its access token and its refresh token. */
  async revokeToken(id: number): Promise<void> {
    await this.dataSource
      .getRepository(AccessToken)
      .update({ id, revokedAt: IsNull() }, { revokedAt: nowInSeconds() });
  }

  /** Revokes every token of a refresh chain. */
  async revokeFamily(familyId: string): Promise<void> {
    await this.dataSource
      .getRepository(AccessToken)
      .update({ familyId, revokedAt: IsNull() }, { revokedAt: nowInSeconds() });
  }
}
