import { Injectable } from '@nestjs/common';
import type { TokenLineage } from '../interfaces/oauth2-grant.interface.js';
import { TokenStore, type TokenSelection } from '../persistence/token.store.js';
import { TransactionRunner } from '../persistence/transaction-runner.js';

/** More passes would mean a client refreshing its chain as fast as it is revoked. */
const MAX_REVOCATION_PASSES = 10;

/** Revokes tokens: one, a refresh chain, or all issued from a code (RFC 7009, RFC 6749 §4.1.2, RFC 9700 §4.14.2). */
@Injectable()
export class TokenRevoker {
  constructor(
    private readonly tokens: TokenStore,
    private readonly transactions: TransactionRunner,
  ) {}

  /** Revokes every token issued from the authorization code, refreshed ones included. */
  revokeIssuedFromCode(codeId: number): Promise<void> {
    return this.revokeWhere({ codeId });
  }

  /** Revokes one token row: its access token and its refresh token. */
  revokeToken(id: number): Promise<void> {
    return this.revokeWhere({ id });
  }

  /** Revokes every token of a refresh chain. */
  revokeFamily(familyId: string): Promise<void> {
    return this.revokeWhere({ familyId });
  }

  /** Revokes what came of a redeemed credential: the chain the new token would have joined, else its code's tokens. */
  revokeIssuedFrom({ familyId, codeId }: TokenLineage): Promise<void> {
    if (familyId) return this.revokeFamily(familyId);
    if (codeId !== undefined && codeId !== null) return this.revokeIssuedFromCode(codeId);
    return Promise.resolve();
  }

  /**
   * Repeats the UPDATE until it finds nothing left to revoke. Under READ COMMITTED an UPDATE sees the rows committed
   * when it started: a refresh of the chain that commits while it waits on the refreshed row's lock adds a token it
   * misses. Every new token retires a live one, so once a pass finds no live row, none can follow (bounded all the
   * same). Through the TransactionRunner like every write: on SQLite's shared connection a write outside its queue
   * would join whatever transaction is open and vanish with that transaction's rollback.
   */
  private async revokeWhere(selection: TokenSelection): Promise<void> {
    for (let pass = 0; pass < MAX_REVOCATION_PASSES; pass++) {
      const revoked = await this.transactions.run(
        (manager) => this.tokens.revoke(manager, selection),
        { singleWrite: true },
      );
      if (revoked === 0) return;
    }
  }
}
