import { OAuth2TokenSchema1764400000000 } from './1764400000000-oauth2-token-schema.js';

export { OAuth2TokenSchema1764400000000 };

/** The module's migrations, in order, for a DataSource's `migrations` list (PostgreSQL or SQLite). */
export const OAUTH2_MIGRATIONS = [OAuth2TokenSchema1764400000000];
