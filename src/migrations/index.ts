import { OAuth2TokenSchema1764400000000 } from './1764400000000-oauth2-token-schema.js';
import { OAuth2RateLimit1764400002000 } from './1764400002000-oauth2-rate-limit.js';

export { OAuth2RateLimit1764400002000, OAuth2TokenSchema1764400000000 };

/** The module's migrations, in order, for a DataSource's `migrations` list (PostgreSQL or SQLite). */
export const OAUTH2_MIGRATIONS = [OAuth2TokenSchema1764400000000, OAuth2RateLimit1764400002000];
