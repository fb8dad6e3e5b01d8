import { AccessRange } from './access-range.entity.js';
import { AccessToken } from './access-token.entity.js';
import { Client } from './client.entity.js';
import { Code } from './code.entity.js';
import { MACNonce } from './mac-nonce.entity.js';
import { RateLimit } from './rate-limit.entity.js';
import { SigningKey } from './signing-key.entity.js';
import { UsedJti } from './used-jti.entity.js';

export { AccessRange, AccessToken, Client, Code, MACNonce, RateLimit, SigningKey, UsedJti };
export { nowInSeconds } from './unix-time.transformer.js';

/** Every entity of the module, for `TypeOrmModule.forRoot({ entities })` or a DataSource. */
export const OAUTH2_ENTITIES = [
  Client,
  AccessRange,
  AccessToken,
  Code,
  MACNonce,
  RateLimit,
  SigningKey,
  UsedJti,
];
