import { OAuth2TokenSchema1764400000000 } from './1764400000000-oauth2-token-schema.js';
import { OAuth2RateLimit1764400002000 } from './1764400002000-oauth2-rate-limit.js';
import { OAuth2AccessTokenFormat1764400003000 } from './1764400003000-oauth2-access-token-format.js';
import { OAuth2UsedJti1764400004000 } from './1764400004000-oauth2-used-jti.js';
import { OAuth2DPoP1764400006000 } from './1764400006000-oauth2-dpop.js';

export {
  OAuth2AccessTokenFormat1764400003000,
  OAuth2DPoP1764400006000,
  OAuth2RateLimit1764400002000,
  OAuth2TokenSchema1764400000000,
  OAuth2UsedJti1764400004000,
};

/** The module's migrations, in order, for a DataSource's `migrations` list (PostgreSQL or SQLite). */
export const OAUTH2_MIGRATIONS = [
  OAuth2TokenSchema1764400000000,
  OAuth2RateLimit1764400002000,
  OAuth2AccessTokenFormat1764400003000,
  OAuth2UsedJti1764400004000,
  OAuth2DPoP1764400006000,
];
