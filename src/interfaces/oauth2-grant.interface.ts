import type { EntityManager } from 'typeorm';
import type { Client } from '../entities/client.entity.js';
import type { TokenRequestParams } from './token-request.interface.js';
import type { AccessTokenException } from '../exceptions/index.js';

/** What a grant is given: the authenticated client and the request, its scope already checked. */
export interface GrantRequest {
  readonly params: TokenRequestParams;
  readonly client: Client;
  /** The requested scope values, checked for syntax and grantability; undefined when none were asked for. */
  readonly scope: string[] | undefined;
  /** The client's network address as the HTTP adapter reports it, for brute-force limits; undefined if unknown. */
  readonly address?: string;
  /** JWK thumbprint of the request's verified DPoP proof (RFC 9449), when it carried one. */
  readonly dpopJkt?: string;
}

/** Where a new token comes from, so that replays can revoke what came of it. */
export interface TokenLineage {
  /** Refresh chain the token joins; a new chain when absent. */
  familyId?: string;
  /** Authorization code the chain started from. */
  codeId?: number | null;
  /** When the chain ends (absolute refresh lifetime); set by its first token. */
  familyExpiresAt?: number | null;
}

/**
 * Marks a single-use credential used unless it already is, with the manager of the transaction that stores the
 * token; resolves true when this call marked it, false when another request did first.
 */
export type Redeem = (manager: EntityManager) => Promise<boolean>;

/** A single-use credential (a code, a refresh token) that the new token redeems. */
export interface Redemption {
  /**
   * Marks the credential used: a store's (`CodeStore.redemption`, `TokenStore.retirement`), or, for an extension
   * grant's own single-use rows, a conditional UPDATE such as
   * `async (manager) => (await manager.update(Otp, { id, usedAt: IsNull() }, { usedAt: now })).affected === 1`.
   */
  redeem: Redeem;
  /** Where the new token comes from; also what is revoked when this request loses the race (see `lostRace`). */
  lineage: TokenLineage;
  /**
   * The error when another request redeemed the credential first (the update changed no row). Such a duplicate is
   * treated like a replay: before this error is answered, the chain in `lineage.familyId`, else the tokens of
   * `lineage.codeId`, are revoked.
   */
  lostRace(): AccessTokenException;
}

/** A grant's decision: whom the token is for and with what scope. */
export interface PreparedGrant {
  /** The resource owner's id, or null for a token of the client itself. */
  userId: string | null;
  /** Scope of the access token. */
  scope: string[];
  /** False when this grant must not yield a refresh token (client_credentials). @default true */
  refreshable?: boolean;
  /** Scope bound to the refresh token when it differs from the access token's (a narrowed refresh). */
  refreshScope?: string[];
  /**
   * The RFC 8707 resource the token is for when the request names none: a refreshed token keeps its predecessor's.
   * A `resource` parameter overrides it (checked by the module against the client's allowed resources).
   */
  audience?: string | null;
  /**
   * The credential the token redeems: marked used with the token's INSERT, in one statement on PostgreSQL and in
   * one transaction elsewhere; nothing is stored when another request redeemed it first.
   */
  redeems?: Redemption;
  /**
   * Runs inside the transaction that stores the token, before it is stored: the place for a custom grant's own
   * writes that must be atomic with the token. Throwing (e.g. `InvalidGrant` on a lost race) stores nothing.
   */
  commit?(manager: EntityManager): Promise<TokenLineage | void>;
}

/**
 * One grant type of the token endpoint. Implement it in an `@Injectable()` class and pass the class in the module's
 * `grants` option to add an extension grant (an absolute URI) or replace a built-in one.
 */
export interface OAuth2Grant {
  /** The `grant_type` value: one of RFC 6749's, or an absolute URI for an extension grant. */
  readonly grantType: string;
  /** False when this registration does not offer the grant (`unsupported_grant_type`). @default true */
  readonly enabled?: boolean;
  /** False when the grant has no `scope` parameter, which is then ignored like any unknown one. @default true */
  readonly takesScope?: boolean;
  /** Checks the grant's parameters; throws an `AccessTokenException` to refuse. */
  validate(request: GrantRequest): Promise<PreparedGrant>;
}
