import { CodeIssuer, type CodeChallengeMethod } from 'nestjs-oauth2-token';
import { bearerEndpointOf } from '../app.module.js';
import { UsersService } from '../users/users.service.js';
import { CliUsageError, defineCommand, type CliValues } from './cli-command.js';
import { optionalString, requiredString } from './cli-values.js';

const CODE_CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * `code:issue --client-id ID --username U --redirect-uri URI [--scope "a b"] [--code-challenge=C
 * [--code-challenge-method S256|plain]] [--expires-in SECONDS]` → `{"code":"..."}`: what an authorization
 * endpoint does once the user consents. The challenge method defaults to S256.
 */
export const codeIssue = defineCommand({
  name: 'code:issue',
  usage:
    'code:issue --client-id ID --username U --redirect-uri URI [--scope "a b"] [--code-challenge=C [--code-challenge-method S256|plain]] [--expires-in SECONDS]',
  options: {
    'client-id': { type: 'string' },
    username: { type: 'string' },
    'redirect-uri': { type: 'string' },
    scope: { type: 'string' },
    'code-challenge': { type: 'string' },
    'code-challenge-method': { type: 'string' },
    'expires-in': { type: 'string' },
  },
  parse: (values) => ({
    clientId: requiredString(values, 'client-id'),
    username: requiredString(values, 'username'),
    redirectUri: requiredString(values, 'redirect-uri'),
    scope: optionalString(values, 'scope'),
    ...parseChallenge(values),
    expiresIn: parseExpiresIn(optionalString(values, 'expires-in')),
  }),
  async run(app, { username, ...request }) {
    const user = await app.get(UsersService).findByUsernameOrEmail(username);
    if (!user) throw new Error(`No user "${username}"`);
    if (!user.isActive) throw new Error(`The user "${username}" is inactive`);
    const issuer = bearerEndpointOf(app).get(CodeIssuer);
    return { code: await issuer.issue({ ...request, userId: user.id }) };
  },
});

function parseChallenge(values: CliValues): {
  codeChallenge?: string;
  codeChallengeMethod?: CodeChallengeMethod;
} {
  const codeChallenge = optionalString(values, 'code-challenge');
  const method = optionalString(values, 'code-challenge-method');
  if (codeChallenge === undefined) {
    if (method !== undefined)
      throw new CliUsageError('--code-challenge-method needs --code-challenge');
    return {};
  }
  if (!CODE_CHALLENGE.test(codeChallenge)) {
    throw new CliUsageError('--code-challenge must be 43-128 characters of A-Z a-z 0-9 - . _ ~');
  }
  if (method !== undefined && method !== 'S256' && method !== 'plain') {
    throw new CliUsageError('--code-challenge-method must be S256 or plain');
  }
  return { codeChallenge, codeChallengeMethod: method ?? 'S256' };
}

function parseExpiresIn(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(value))
    throw new CliUsageError('--expires-in must be a positive integer');
  return Number(value);
}
