import * as oauth from 'oauth4webapi';

/** The sample app serves plain http on 127.0.0.1; oauth4webapi refuses that unless told it is on purpose. */
export const insecure = { [oauth.allowInsecureRequests]: true };

/** The server's RFC 8414 metadata as oauth4webapi discovers and checks it. */
export async function discover(baseUrl: string): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(baseUrl);
  return oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
  );
}
