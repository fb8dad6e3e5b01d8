import { OAUTH2_MIGRATIONS } from 'nestjs-oauth2-token';
import { SampleUsers1764400001000 } from './1764400001000-sample-users.js';

/** Every migration the sample app runs on start: the module's, then its own. */
export const SAMPLE_APP_MIGRATIONS = [...OAUTH2_MIGRATIONS, SampleUsers1764400001000];
