/** A validated access token, as guards and handlers see it. */
export interface AuthenticatedToken {
  /** Row id of the token. */
  id: number;
  clientId: string;
  /** The resource owner's id; null for a client's own token. */
  userId: string | null;
  scopes: string[];
  /** Expiry, UNIX seconds. */
  expiresAt: number;
  tokenType: 'bearer' | 'mac';
}
