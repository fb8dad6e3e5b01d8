import type { Client } from '../entities/client.entity.js';
import type { CodeChallengeMethod } from '../crypto/pkce.js';

/** An authorization request that passed `Authorizer.validate`: what the consent page shows and approval uses. */
export interface AuthorizationRequest {
  client: Client;
  /** Where the response goes: the `redirect_uri` sent, or the client's only registered one. */
  redirectUri: string;
  /** Whether `redirect_uri` was sent (then the token request must repeat it, RFC 6749 §4.1.3). */
  redirectUriSent: boolean;
  /** The requested scope values (checked); empty when none were asked for. */
  scope: string[];
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: CodeChallengeMethod;
}
