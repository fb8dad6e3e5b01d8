import { OAuth2TokenSchema1764400000000 } from './1764400000000-oauth2-token-schema.js';
import { OAuth2RateLimit1764400002000 } from './1764400002000-oauth2-rate-limit.js';
import { OAuth2AccessTokenFormat1764400003000 } from './1764400003000-oauth2-access-token-format.js';
import { OAuth2UsedJti1764400004000 } from './1764400004000-oauth2-used-jti.js';
import { OAuth2SigningKey1764400005000 } from './1764400005000-oauth2-signing-key.js';
import { OAuth2DPoP1764400006000 } from './1764400006000-oauth2-dpop.js';
import { OAuth2ClientKeys1764400007000 } from './1764400007000-oauth2-client-keys.js';
import { OAuth2ResourceIndicators1764400008000 } from './1764400008000-oauth2-resource-indicators.js';

export {
  OAuth2AccessTokenFormat1764400003000,
  OAuth2ClientKeys1764400007000,
  OAuth2DPoP1764400006000,
  OAuth2RateLimit1764400002000,
  OAuth2ResourceIndicators1764400008000,
  OAuth2SigningKey1764400005000,
  OAuth2TokenSchema1764400000000,
  OAuth2UsedJti1764400004000,
};

/** The module's migrations, in order, for a DataSource's `migrations` list (PostgreSQL or SQLite). */
export const OAUTH2_MIGRATIONS = [
  OAuth2TokenSchema1764400000000,
  OAuth2RateLimit1764400002000,
  OAuth2AccessTokenFormat1764400003000,
  OAuth2UsedJti1764400004000,
  OAuth2SigningKey1764400005000,
  OAuth2DPoP1764400006000,
  OAuth2ClientKeys1764400007000,
  OAuth2ResourceIndicators1764400008000,
];
