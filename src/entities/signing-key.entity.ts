import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { unixTime } from './unix-time.transformer.js';

/**
 * A key that signs JWT access tokens, kept by the library (`signingKeys: { source: 'database' }`): published from
 * `createdAt`, signing from `signsFrom` until the next generation takes over, published until its last token
 * expired. The private key is stored only encrypted.
 */
@Entity('oauth2_signing_key')
export class SigningKey {
  /** The RFC 7638 thumbprint of the public key, published as `kid`. */
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'PK_oauth2_signing_key' })
  kid: string;

  /** 1 for the first key, one more for each rotation: unique, so of two concurrent rotations only one succeeds. */
  @Index('IDX_oauth2_signing_key_generation', { unique: true })
  @Column({ type: 'integer' })
  generation: number;

  /** `ES256`, `EdDSA` or `RS256`. */
  @Column({ type: 'varchar', length: 8 })
  alg: string;

  /** The public JWK as JSON (no private member). */
  @Column({ name: 'public_jwk', type: 'text' })
  publicJwk: string;

  /** The private JWK encrypted with the app's key: a compact JWE (`dir`, A256GCM) naming the `kid`. */
  @Column({ name: 'private_key', type: 'text' })
  privateKey: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: unixTime })
  createdAt: number;

  /** When it starts signing (publish first, sign later); UNIX seconds. */
  @Column({ name: 'signs_from', type: 'bigint', transformer: unixTime })
  signsFrom: number;

  /** When the next key took over the signing; null while it is the newest. */
  @Column({ name: 'retired_at', type: 'bigint', nullable: true, transformer: unixTime })
  retiredAt: number | null;

  /** When the last token it signed has expired: no longer published after, then deleted by housekeeping. */
  @Column({ name: 'published_until', type: 'bigint', nullable: true, transformer: unixTime })
  publishedUntil: number | null;
}
