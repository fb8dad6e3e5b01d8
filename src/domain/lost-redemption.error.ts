import type { Redemption } from '../interfaces/oauth2-grant.interface.js';

/**
 * Thrown inside the unit of work that stores a token when another request redeemed the credential first (the
 * conditional UPDATE changed no row); caught outside it, where what came of the credential can still be revoked.
 */
export class LostRedemption extends Error {
  constructor(readonly redemption: Redemption) {
    super('Another request redeemed the credential first');
  }
}
