import {
  ClientRegistry,
  STANDARD_GRANT_TYPES,
  DEFAULT_CLIENT_GRANT_TYPES,
  clientSecretProblem,
  redirectUriProblem,
} from 'nestjs-oauth2-token';
import { UsersService } from '../users/users.service.js';
import { CliUsageError, defineCommand } from './cli-command.js';
import { flag, optionalString, requiredString, stringList } from './cli-values.js';

const EXTENSION_GRANT = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;
const CLIENT_SECRET = /^[\x20-\x7E]+$/;

/**
 * `client:create --name N [--redirect-uri URI]... [--grant-types a,b] [--owner USERNAME] [--secret S] [--public]
 * [--dpop-bound]` → `{"client_id":"...","client_secret":"..."}`; a public client has `"client_secret":null`;
 * `--dpop-bound` makes every token request of the client carry a DPoP proof (RFC 9449 `dpop_bound_access_tokens`). The library's
 * registration rules (redirect URIs, a chosen secret of 32 characters or more) are checked before the database opens.
 */
export const clientCreate = defineCommand({
  name: 'client:create',
  usage:
    'client:create --name N [--redirect-uri URI]... [--grant-types a,b,...] [--owner USERNAME] [--secret S] [--public] [--dpop-bound]',
  options: {
    name: { type: 'string' },
    'redirect-uri': { type: 'string', multiple: true },
    'grant-types': { type: 'string' },
    owner: { type: 'string' },
    secret: { type: 'string' },
    public: { type: 'boolean' },
    'dpop-bound': { type: 'boolean' },
  },
  parse(values) {
    const isPublic = flag(values, 'public');
    const secret = optionalString(values, 'secret');
    if (isPublic && secret !== undefined)
      throw new CliUsageError('A --public client has no --secret');
    if (secret !== undefined && !CLIENT_SECRET.test(secret)) {
      throw new CliUsageError('--secret may hold printable ASCII characters only');
    }
    const secretProblem = secret === undefined ? undefined : clientSecretProblem(secret);
    if (secretProblem) throw new CliUsageError(`--secret: ${secretProblem}`);
    return {
      name: requiredString(values, 'name'),
      redirectUris: stringList(values, 'redirect-uri').map(checkRedirectUri),
      grantTypes: parseGrantTypes(optionalString(values, 'grant-types')),
      owner: optionalString(values, 'owner'),
      secret,
      isPublic,
      dpopBoundAccessTokens: flag(values, 'dpop-bound'),
    };
  },
  async run(app, { owner, ...registration }) {
    const ownerId = owner === undefined ? null : await findUserId(app.get(UsersService), owner);
    const { client, clientSecret } = await app
      .get(ClientRegistry)
      .register({ ...registration, ownerId });
    return { client_id: client.clientId, client_secret: clientSecret };
  },
});

function parseGrantTypes(list: string | undefined): string[] {
  if (list === undefined) return [...DEFAULT_CLIENT_GRANT_TYPES];
  const types = [...new Set(list.split(',').map((type) => type.trim()))];
  for (const type of types) {
    if (
      !(STANDARD_GRANT_TYPES as readonly string[]).includes(type) &&
      !EXTENSION_GRANT.test(type)
    ) {
      throw new CliUsageError(
        `Unknown grant type "${type}": use ${STANDARD_GRANT_TYPES.join(', ')} or an absolute URI`,
      );
    }
  }
  return types;
}

/** The library's redirect URI rules (`redirectUriProblem`), with the URI named in the message. */
function checkRedirectUri(uri: string): string {
  const problem = redirectUriProblem(uri);
  if (problem) throw new CliUsageError(`--redirect-uri ${uri}: ${problem}`);
  return uri;
}

async function findUserId(users: UsersService, username: string): Promise<string> {
  const user = await users.findByUsernameOrEmail(username);
  if (!user) throw new Error(`No user "${username}"`);
  return user.id;
}
