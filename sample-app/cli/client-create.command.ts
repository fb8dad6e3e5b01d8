import {
  ClientRegistry,
  STANDARD_GRANT_TYPES,
  DEFAULT_CLIENT_GRANT_TYPES,
  clientSecretProblem,
  jwksProblem,
  jwksUriProblem,
  redirectUriProblem,
  resourceIndicatorProblem,
  type ClientRegistration,
} from 'nestjs-oauth2-token';
import { UsersService } from '../users/users.service.js';
import { CliUsageError, defineCommand } from './cli-command.js';
import { flag, optionalString, requiredString, stringList } from './cli-values.js';

const EXTENSION_GRANT = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;
const CLIENT_SECRET = /^[\x20-\x7E]+$/;
const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'];

/**
 * `client:create --name N [--redirect-uri URI]... [--grant-types a,b] [--owner USERNAME] [--secret S] [--public]
 * [--auth-method M] [--jwks JSON | --jwks-uri URL] [--resource URI]... [--dpop-bound]` →
 * `{"client_id":"...","client_secret":"..."}`; a public client, and a `private_key_jwt` one (which proves itself with
 * its key), has `"client_secret":null`; `--dpop-bound` makes every token request of the client carry a DPoP proof
 * (RFC 9449 `dpop_bound_access_tokens`). The library's registration rules (redirect URIs, a chosen secret of 32
 * characters or more, public keys only, RFC 8707 resources) are checked before the database opens.
 */
export const clientCreate = defineCommand({
  name: 'client:create',
  usage:
    'client:create --name N [--redirect-uri URI]... [--grant-types a,b,...] [--owner USERNAME] [--secret S] [--public] [--auth-method client_secret_basic|client_secret_post|private_key_jwt|none] [--jwks JSON | --jwks-uri URL] [--resource URI]... [--dpop-bound]',
  options: {
    name: { type: 'string' },
    'redirect-uri': { type: 'string', multiple: true },
    'grant-types': { type: 'string' },
    owner: { type: 'string' },
    secret: { type: 'string' },
    public: { type: 'boolean' },
    resource: { type: 'string', multiple: true },
    'auth-method': { type: 'string' },
    jwks: { type: 'string' },
    'jwks-uri': { type: 'string' },
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
    if (secret !== undefined && optionalString(values, 'auth-method') === 'private_key_jwt') {
      throw new CliUsageError('A private_key_jwt client proves itself with its key: no --secret');
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
      resources: optionalList(stringList(values, 'resource').map(checkResource)),
      ...parseKeys(
        optionalString(values, 'auth-method'),
        optionalString(values, 'jwks'),
        optionalString(values, 'jwks-uri'),
      ),
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

/** `--auth-method`, and the keys a `private_key_jwt` client proves itself with, checked as the library would. */
function parseKeys(
  method: string | undefined,
  jwks: string | undefined,
  jwksUri: string | undefined,
): Pick<ClientRegistration, 'tokenEndpointAuthMethod' | 'jwks' | 'jwksUri'> {
  if (method !== undefined && !AUTH_METHODS.includes(method)) {
    throw new CliUsageError(
      method === 'client_secret_jwt'
        ? '--auth-method client_secret_jwt is not offered: secrets are stored only as SHA-256 hashes, which cannot check an HMAC; use private_key_jwt'
        : `--auth-method: use one of ${AUTH_METHODS.join(', ')}`,
    );
  }
  if ((jwks !== undefined || jwksUri !== undefined) && method !== 'private_key_jwt') {
    throw new CliUsageError('--jwks and --jwks-uri go with --auth-method private_key_jwt');
  }
  if (method === 'private_key_jwt' && (jwks === undefined) === (jwksUri === undefined)) {
    throw new CliUsageError('--auth-method private_key_jwt needs either --jwks or --jwks-uri');
  }
  let keySet: ClientRegistration['jwks'];
  if (jwks !== undefined) {
    try {
      keySet = JSON.parse(jwks) as ClientRegistration['jwks'];
    } catch {
      throw new CliUsageError('--jwks must be a JSON JWK Set: {"keys":[...]}');
    }
  }
  const problem = keySet !== undefined ? jwksProblem(keySet) : jwksUri && jwksUriProblem(jwksUri);
  if (problem) throw new CliUsageError(`--${keySet ? 'jwks' : 'jwks-uri'}: ${problem}`);
  return {
    tokenEndpointAuthMethod: method as ClientRegistration['tokenEndpointAuthMethod'],
    ...(keySet && { jwks: keySet }),
    ...(jwksUri && { jwksUri }),
  };
}

/** The library's redirect URI rules (`redirectUriProblem`), with the URI named in the message. */
function checkRedirectUri(uri: string): string {
  const problem = redirectUriProblem(uri);
  if (problem) throw new CliUsageError(`--redirect-uri ${uri}: ${problem}`);
  return uri;
}

/** The library's RFC 8707 rules (`resourceIndicatorProblem`), with the URI named in the message. */
function checkResource(uri: string): string {
  const problem = resourceIndicatorProblem(uri);
  if (problem) throw new CliUsageError(`--resource ${uri}: ${problem}`);
  return uri;
}

/** No --resource at all: the registration's resources apply, so nothing is stored. */
function optionalList(list: string[]): string[] | undefined {
  return list.length ? list : undefined;
}

async function findUserId(users: UsersService, username: string): Promise<string> {
  const user = await users.findByUsernameOrEmail(username);
  if (!user) throw new Error(`No user "${username}"`);
  return user.id;
}
