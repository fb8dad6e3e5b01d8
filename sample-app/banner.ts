import { createHash } from 'node:crypto';
import { DEMO_CLIENT, DEMO_USER } from './seed/demo-data.js';

const CLIENT = `-u ${DEMO_CLIENT.clientId}:${DEMO_CLIENT.secret}`;
const PASSWORD = `-d username=${DEMO_USER.username} -d password=${DEMO_USER.password}`;

/** The text printed once the server listens: the endpoints, the demo credentials and a curl command per grant. */
export function startBanner(baseUrl: string, databaseUrl?: string): string {
  const cli = `${databaseUrl ? `DATABASE_URL=${shellQuote(databaseUrl)} ` : ''}npm run --silent cli --`;
  return [
    `nestjs-oauth2-token sample app listening on ${baseUrl}`,
    `Demo client: ${DEMO_CLIENT.clientId} / ${DEMO_CLIENT.secret}, redirect URI ${DEMO_CLIENT.redirectUri}`,
    `Demo user:   ${DEMO_USER.username} / ${DEMO_USER.password}; scopes: email first_name last_name`,
    '',
    ...endpointCommands(`${baseUrl}/oauth2/token`, 'bearer tokens with refresh tokens', cli, true),
    '',
    ...endpointCommands(`${baseUrl}/token`, 'MAC tokens, no refresh tokens', cli, false),
    '',
    ...authorizationCommands(baseUrl),
    '',
  ].join('\n');
}

/** A fixed PKCE verifier, printed so the demo can be followed by hand: a real client makes a new one each time. */
const DEMO_VERIFIER = 'demo-code-verifier-printed-by-the-sample-app-never-reuse-it';

function authorizationCommands(baseUrl: string): string[] {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: DEMO_CLIENT.clientId,
    redirect_uri: DEMO_CLIENT.redirectUri,
    scope: 'email first_name',
    state: 'demo-state',
    code_challenge: createHash('sha256').update(DEMO_VERIFIER).digest('base64url'),
    code_challenge_method: 'S256',
  });
  const token = `${baseUrl}/oauth2/token`;
  return [
    `== GET ${baseUrl}/oauth2/authorize: login and consent page ==`,
    `# open in a browser, sign in as ${DEMO_USER.username}, approve; ${DEMO_CLIENT.redirectUri} then shows the code`,
    `${baseUrl}/oauth2/authorize?${query}`,
    `curl -s ${CLIENT} -d grant_type=authorization_code --data-urlencode "code=PASTE_IT" --data-urlencode redirect_uri=${DEMO_CLIENT.redirectUri} -d code_verifier=${DEMO_VERIFIER} ${token}`,
    '# revoke (RFC 7009), introspect (RFC 7662), metadata (RFC 8414)',
    `curl -s ${CLIENT} --data-urlencode "token=PASTE_IT" ${baseUrl}/oauth2/revoke`,
    `curl -s ${CLIENT} --data-urlencode "token=PASTE_IT" ${baseUrl}/oauth2/introspect`,
    `curl -s ${baseUrl}/.well-known/oauth-authorization-server`,
  ];
}

function endpointCommands(url: string, title: string, cli: string, refreshable: boolean): string[] {
  const redirect = `--data-urlencode redirect_uri=${DEMO_CLIENT.redirectUri}`;
  return [
    `== POST ${url}: ${title} ==`,
    '# client_credentials',
    `curl -s ${CLIENT} -d grant_type=client_credentials -d scope=email ${url}`,
    '# password',
    `curl -s ${CLIENT} -d grant_type=password ${PASSWORD} --data-urlencode 'scope=email first_name' ${url}`,
    '# authorization_code: issue a code as an authorization endpoint would after consent, then redeem it',
    `CODE=$(${cli} code:issue --client-id ${DEMO_CLIENT.clientId} --username ${DEMO_USER.username} --redirect-uri ${DEMO_CLIENT.redirectUri} --scope email | ${jsonField('code')})`,
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

function jsonField(field: string): string {
  return `node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).${field}'`;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
