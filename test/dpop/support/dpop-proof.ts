import { createHash, randomUUID } from 'node:crypto';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type KeyObject,
} from 'jose';

/** A client's DPoP key pair, its public JWK and its thumbprint (the `jkt` tokens bind to). */
export interface DPoPKey {
  alg: string;
  privateKey: CryptoKey | KeyObject;
  publicJwk: JWK;
  jkt: string;
}

/** A new key pair for `alg` (ES256 by default; EdDSA gives Ed25519). */
export async function dpopKey(alg = 'ES256'): Promise<DPoPKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return { alg, privateKey, publicJwk, jkt: await calculateJwkThumbprint(publicJwk) };
}

/** What a test may change in a proof: any claim or header member, or leave one out with `undefined`. */
export interface ProofParts {
  htm: string;
  htu: string;
  iat?: number;
  jti?: string;
  /** The access token whose hash goes into `ath` (resource requests). */
  accessToken?: string;
  nonce?: string;
  /** Header members to set or override (`typ`, `jwk`, …). */
  header?: Record<string, unknown>;
  /** Claims to set or override; `undefined` leaves one out. */
  claims?: Record<string, unknown>;
}

/** A DPoP proof JWT (RFC 9449 §4.2) signed by `key`, with a fresh `jti` and the current `iat` unless told. */
export function proof(key: DPoPKey, parts: ProofParts): Promise<string> {
  const claims: Record<string, unknown> = {
    htm: parts.htm,
    htu: parts.htu,
    iat: parts.iat ?? Math.floor(Date.now() / 1000),
    jti: parts.jti ?? randomUUID(),
    ...(parts.accessToken !== undefined && {
      ath: createHash('sha256').update(parts.accessToken).digest('base64url'),
    }),
    ...(parts.nonce !== undefined && { nonce: parts.nonce }),
    ...parts.claims,
  };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return new SignJWT(claims)
    .setProtectedHeader({ typ: 'dpop+jwt', alg: key.alg, jwk: key.publicJwk, ...parts.header })
    .sign(key.privateKey);
}

/** An unsigned proof (`alg: none`), which no server may accept. */
export function unsignedProof(key: DPoPKey, parts: ProofParts): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = { typ: 'dpop+jwt', alg: 'none', jwk: key.publicJwk };
  const claims = {
    htm: parts.htm,
    htu: parts.htu,
    iat: Math.floor(Date.now() / 1000),
    jti: randomUUID(),
  };
  return `${encode(header)}.${encode(claims)}.`;
}
