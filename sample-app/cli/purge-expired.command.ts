import { TokenHousekeeping } from 'nestjs-oauth2-token';
import { bearerEndpointOf } from '../app.module.js';
import { CliUsageError, defineCommand } from './cli-command.js';
import { optionalString } from './cli-values.js';

/**
 * `purge-expired [--batch-size N]` → `{"codes":n,"tokens":n,"macNonces":n,"usedJtis":n,"signingKeys":n}`: deletes expired
 * codes, tokens whose access and refresh lifetimes are both over, retired signing keys whose tokens have all expired, and MAC nonces recorded over 10 minutes ago (the default
 * `macNonceAge`; the library never purges one younger than its longest nonce window allows a replay of), and the
 * single-use JWT ids of expired JWTs, N rows per
 * statement (default 1000). Safe to run while the app serves, e.g. from cron. Both endpoints share the database, so either registration's
 * `TokenHousekeeping` purges for both.
 */
export const purgeExpired = defineCommand({
  name: 'purge-expired',
  usage: 'purge-expired [--batch-size N]',
  options: { 'batch-size': { type: 'string' } },
  parse: (values) => ({ batchSize: parseBatchSize(optionalString(values, 'batch-size')) }),
  async run(app, { batchSize }) {
    const { codes, tokens, macNonces, usedJtis, signingKeys } = await bearerEndpointOf(app)
      .get(TokenHousekeeping)
      .purgeExpired({ batchSize });
    return { codes, tokens, macNonces, usedJtis, signingKeys };
  },
});

function parseBatchSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,5}$/.test(value)) {
    throw new CliUsageError('--batch-size must be an integer from 1 to 999999');
  }
  return Number(value);
}
