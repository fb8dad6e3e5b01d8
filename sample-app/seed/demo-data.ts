/** Scopes of the demo (as in oauth2app's test site): what a client may read about the user. */
export const DEMO_SCOPES = [
  { key: 'email', description: "The user's email address" },
  { key: 'first_name', description: "The user's first name" },
  { key: 'last_name', description: "The user's last name" },
];

/** The demo resource owner, for the password grant and `code:issue`. */
export const DEMO_USER = {
  username: 'demo',
  email: 'demo@example.com',
  password: 'demo-password',
  firstName: 'Demo',
  lastName: 'User',
};

/** The demo client. Its secret is fixed and public so the printed curl commands work: never use it elsewhere. */
export const DEMO_CLIENT = {
  name: 'Demo client',
  clientId: 'demo-client',
  secret: 'demo-secret-for-the-sample-app-only',
  redirectUri: 'http://127.0.0.1:3000/callback',
  grantTypes: ['authorization_code', 'refresh_token', 'password', 'client_credentials'],
};

/**
 * The demo client's redirect URI on the app at `baseUrl`: the sample's own `GET /callback` page. The seeder
 * registers it for whatever HOST and PORT the app runs on; `DEMO_CLIENT.redirectUri` is only the default one's.
 */
export function demoRedirectUri(baseUrl: string): string {
  return new URL('/callback', baseUrl).href;
}
