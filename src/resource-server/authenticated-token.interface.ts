/** A validated access token, as guards and handlers see it. */
export interface AuthenticatedToken {
  /** Row id of the token; null for a JWT verified locally without a database lookup (`jwt.checkRevocation` off). */
  id: number | null;
  clientId: string;
  /** The resource owner's id; null for a client's own token. */
  userId: string | null;
  scopes: string[];
  /** Expiry, UNIX seconds. */
  expiresAt: number;
  /** `dpop` for a DPoP-bound token, presented with a valid proof of its key. */
  tokenType: 'bearer' | 'mac' | 'dpop';
  /** JWK thumbprint of the DPoP key a `dpop` token is bound to (its `cnf.jkt`). */
  dpopJkt?: string;
}
