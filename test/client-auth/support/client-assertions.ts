import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

/** The RFC 7523 §2.2 assertion type. */
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** A client key pair: the private key signs, the public JWK is registered. */
export interface ClientKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** A fresh ES256 (or other) key pair with a `kid`. */
export async function clientKey(alg = 'ES256', kid: string = randomUUID()): Promise<ClientKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** What an assertion claims; every field can be overridden, `undefined` leaves a claim out. */
export interface AssertionClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  iat?: number;
  jti?: string;
}

/** A signed client assertion: iss = sub = clientId, a fresh jti, valid for 60 s, unless `claims` say otherwise. */
export function signAssertion(
  key: ClientKey,
  clientId: string,
  aud: string,
  claims: AssertionClaims = {},
  alg = key.publicJwk.alg!,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: clientId,
    sub: clientId,
    aud,
    iat: now,
    exp: now + 60,
    jti: randomUUID(),
    ...claims,
  };
  const defined = Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined));
  return new SignJWT(defined)
    .setProtectedHeader({ alg, kid: key.publicJwk.kid })
    .sign(key.privateKey);
}
