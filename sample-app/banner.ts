import { createHash } from 'node:crypto';
import { redactUrl } from './redact-credentials.js';
import { DEMO_CLIENT, DEMO_USER, demoRedirectUri } from './seed/demo-data.js';

const CLIENT = `-u ${DEMO_CLIENT.clientId}:${DEMO_CLIENT.secret}`;
const PASSWORD = `-d username=${DEMO_USER.username} -d password=${DEMO_USER.password}`;

/** What the start banner describes. */
export interface BannerFacts {
  /** Where the app listens, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** DATABASE_URL as set (printed without its password); undefined for the default SQLite file. */
  databaseUrl?: string;
  /** Whether the demo data is seeded on this database. */
  demo: boolean;
  /** REDIS_URL when set (printed without its password): the brute-force counters are kept there. */
  redisUrl?: string;
  /**
   * With JWT access tokens: where the signing key came from (SIGNING_KEY or its file), or `database` for the keys the
   * library keeps there (SIGNING_KEY_SECRET).
   */
  jwtKeySource?: string;
}

/**
 * The text printed once the server listens: the endpoints, whether the demo data is there and, when it is, its
 * credentials and a curl command per grant; without it, how to register a client of your own. DATABASE_URL is
 * shown without its password.
 */
export function startBanner({
  baseUrl,
  databaseUrl,
  demo,
  redisUrl,
  jwtKeySource,
}: BannerFacts): string {
  const shown = databaseUrl === undefined ? undefined : redactUrl(databaseUrl);
  const cli = `${shown === undefined ? '' : `DATABASE_URL=${shellQuote(shown)} `}npm run --silent cli --`;
  const hidden =
    shown !== undefined && shown !== databaseUrl
      ? ["# DATABASE_URL's password is not printed: put it back where *** stands in these commands"]
      : [];
  const redirectUri = demoRedirectUri(baseUrl);
  return [
    `nestjs-oauth2-token sample app listening on ${baseUrl}`,
    ...(shown === undefined ? [] : [`Database: ${shown}`]),
    redisUrl === undefined
      ? 'Brute-force counters: in the database (REDIS_URL=redis://host:6379 keeps them in Redis)'
      : `Brute-force counters: in Redis at ${redactUrl(redisUrl)}, shared by every instance on it`,
    ...tokenFormatLines(baseUrl, jwtKeySource),
    ...(demo
      ? [
          'Demo data: seeded (the default SQLite file, or SEED_DEMO=1; SEED_DEMO=0 leaves it out). Its passwords are public: never seed it into a database you keep.',
          `Demo client: ${DEMO_CLIENT.clientId} / ${DEMO_CLIENT.secret}, redirect URI ${redirectUri}`,
          `Demo user:   ${DEMO_USER.username} / ${DEMO_USER.password}; scopes: email first_name last_name`,
          ...hidden,
          '',
          ...endpointCommands(`${baseUrl}/oauth2/token`, 'bearer tokens with refresh tokens', {
            cli,
            redirectUri,
            refreshable: true,
          }),
          '# DPoP (RFC 9449): a `DPoP: <proof JWT>` header on any of these gets DPoP-bound tokens that /api/* accepts as `Authorization: DPoP <token>` with a proof (docs/dpop.md)',
          '',
          ...endpointCommands(`${baseUrl}/token`, 'MAC tokens, no refresh tokens', {
            cli,
            redirectUri,
            refreshable: false,
          }),
          '',
          ...authorizationCommands(baseUrl, redirectUri),
          '',
          ...apiCommands(baseUrl, jwtKeySource !== undefined && jwtKeySource !== 'database'),
        ]
      : [
          'No demo data: it is seeded only into the default SQLite file, or with SEED_DEMO=1 (its passwords are public).',
          ...hidden,
          ...ownClientCommands(cli, redirectUri),
          '',
          ...endpointList(baseUrl),
        ]),
    '',
  ].join('\n');
}

/** Which access tokens `/oauth2/token` issues, and how to switch. */
function tokenFormatLines(baseUrl: string, jwtKeySource?: string): string[] {
  if (jwtKeySource === undefined) {
    return [
      'Access tokens: opaque (ACCESS_TOKEN_FORMAT=jwt makes /oauth2/token issue RFC 9068 JWTs instead)',
    ];
  }
  if (jwtKeySource === 'database') {
    return [
      `Access tokens: JWTs from /oauth2/token, signed with keys kept encrypted in the database (SIGNING_KEY_SECRET; npm run cli -- keys:rotate); public keys at ${baseUrl}/.well-known/jwks.json`,
    ];
  }
  return [
    `Access tokens: JWTs (ACCESS_TOKEN_FORMAT=jwt) from /oauth2/token, signed with the Ed25519 key of ${jwtKeySource}; public key at ${baseUrl}/.well-known/jwks.json`,
  ];
}

/** The protected API with each kind of token: Bearer (opaque or JWT) and MAC. */
function apiCommands(baseUrl: string, jwt: boolean): string[] {
  const token = `${baseUrl}/oauth2/token`;
  return [
    `== GET ${baseUrl}/api/email: the protected API, one scheme per token ==`,
    `# Bearer: ${jwt ? 'a JWT, checked against the public key without the database' : 'looked up in the database by its hash'}`,
    `TOKEN=$(curl -s ${CLIENT} -d grant_type=client_credentials -d scope=email ${token} | ${jsonField('access_token')})`,
    `curl -s -H "Authorization: Bearer $TOKEN" ${baseUrl}/api/email`,
    '# MAC: a token from /token, each request signed (see npm run mac-request -- --help)',
  ];
}

/** A fixed PKCE verifier, printed so the demo can be followed by hand: a real client makes a new one each time. */
const DEMO_VERIFIER = 'demo-code-verifier-printed-by-the-sample-app-never-reuse-it';

function authorizationCommands(baseUrl: string, redirectUri: string): string[] {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: DEMO_CLIENT.clientId,
    redirect_uri: redirectUri,
    scope: 'email first_name',
    state: 'demo-state',
    code_challenge: createHash('sha256').update(DEMO_VERIFIER).digest('base64url'),
    code_challenge_method: 'S256',
  });
  const token = `${baseUrl}/oauth2/token`;
  return [
    `== GET ${baseUrl}/oauth2/authorize: login and consent page ==`,
    `# open in a browser, sign in as ${DEMO_USER.username}, approve; ${redirectUri} then shows the code`,
    `${baseUrl}/oauth2/authorize?${query}`,
    `curl -s ${CLIENT} -d grant_type=authorization_code --data-urlencode "code=PASTE_IT" --data-urlencode redirect_uri=${redirectUri} -d code_verifier=${DEMO_VERIFIER} ${token}`,
    '# revoke (RFC 7009), introspect (RFC 7662), metadata (RFC 8414)',
    `curl -s ${CLIENT} --data-urlencode "token=PASTE_IT" ${baseUrl}/oauth2/revoke`,
    `curl -s ${CLIENT} --data-urlencode "token=PASTE_IT" ${baseUrl}/oauth2/introspect`,
    `curl -s ${baseUrl}/.well-known/oauth-authorization-server`,
  ];
}

function endpointCommands(
  url: string,
  title: string,
  { cli, redirectUri, refreshable }: { cli: string; redirectUri: string; refreshable: boolean },
): string[] {
  const redirect = `--data-urlencode redirect_uri=${redirectUri}`;
  return [
    `== POST ${url}: ${title} ==`,
    '# client_credentials',
    `curl -s ${CLIENT} -d grant_type=client_credentials -d scope=email ${url}`,
    '# password',
    `curl -s ${CLIENT} -d grant_type=password ${PASSWORD} --data-urlencode 'scope=email first_name' ${url}`,
    '# authorization_code: issue a code as an authorization endpoint would after consent, then redeem it',
    `CODE=$(${cli} code:issue --client-id ${DEMO_CLIENT.clientId} --username ${DEMO_USER.username} --redirect-uri ${redirectUri} --scope email | ${jsonField('code')})`,
    `curl -s ${CLIENT} -d grant_type=authorization_code --data-urlencode "code=$CODE" ${redirect} ${url}`,
    refreshable
      ? '# refresh_token: take the refresh_token of a password grant, then exchange it'
      : '# refresh_token: not offered here (refreshable: false), so this answers unsupported_grant_type',
    ...(refreshable
      ? [
          `REFRESH=$(curl -s ${CLIENT} -d grant_type=password ${PASSWORD} ${url} | ${jsonField('refresh_token')})`,
        ]
      : []),
    `curl -s ${CLIENT} -d grant_type=refresh_token --data-urlencode "refresh_token=${refreshable ? '$REFRESH' : 'any'}" ${url}`,
  ];
}

/** Without the demo: the CLI commands that register a scope, a user and a client of one's own. */
function ownClientCommands(cli: string, redirectUri: string): string[] {
  return [
    '# register a scope, a user and a client of your own (the client secret is printed once):',
    `${cli} scope:create --key email --description 'Your e-mail address'`,
    `${cli} user:create --username alice --email alice@example.com --password 'CHOOSE-A-PASSWORD'`,
    `${cli} client:create --name 'My app' --owner alice --redirect-uri ${redirectUri}`,
  ];
}

function endpointList(baseUrl: string): string[] {
  return [
    `POST ${baseUrl}/oauth2/token: bearer tokens with refresh tokens`,
    `POST ${baseUrl}/token: MAC tokens, no refresh tokens`,
    `GET  ${baseUrl}/oauth2/authorize: login and consent page (${baseUrl}/callback shows what a client receives)`,
    `POST ${baseUrl}/oauth2/revoke, ${baseUrl}/oauth2/introspect; GET ${baseUrl}/.well-known/oauth-authorization-server, ${baseUrl}/health`,
  ];
}

function jsonField(field: string): string {
  return `node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).${field}'`;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
