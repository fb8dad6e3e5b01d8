/** One failure budget: at most `limit` failures within `windowSeconds`; the next one blocks for `blockSeconds`. */
export interface FailureLimit {
  limit: number;
  windowSeconds: number;
  blockSeconds: number;
}

/**
 * Budgets of failed authentications (RFC 6749 §2.3.1 and §4.3.2), counted in storage every instance shares. Only
 * failures count; what one address fails never blocks the same client or user at another address, except a user
 * that many addresses guess at (`owner`), and then only from the addresses that guessed.
 */
export interface BruteForceLimits {
  /** Failed client authentications of one client_id from one address. @default 10 in 60 s, blocked 300 s */
  clientPerAddress?: FailureLimit;
  /** Failed client authentications, any client, from one address. @default 100 in 60 s, blocked 300 s */
  address?: FailureLimit;
  /** Wrong passwords (password grant) for one user from one address. @default 5 in 300 s, blocked 900 s */
  ownerPerAddress?: FailureLimit;
  /**
   * Wrong passwords for one user from all addresses together, against distributed guessing: once over, addresses
   * that failed for the user within its window are refused; others still get through. @default 20 in 3600 s, blocked 900 s
   */
  owner?: FailureLimit;
}
