import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Client } from './client.entity.js';
import { Code } from './code.entity.js';
import { unixTime } from './unix-time.transformer.js';

/** An issued access token and its refresh token, both stored only as hashes. */
@Entity('oauth2_access_token')
export class AccessToken {
  @PrimaryGeneratedColumn()
  id: number;

  @Index({ unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Index({ unique: true })
  @Column({ name: 'refresh_token_hash', type: 'varchar', length: 64, nullable: true })
  refreshTokenHash: string | null;

  /** The MAC key of a MAC token: a shared secret the resource server needs in usable form. */
  @Column({ name: 'mac_key', type: 'varchar', length: 64, nullable: true })
  macKey: string | null;

  /** `bearer`, `mac` or `dpop` (a bearer-format token bound to `dpopJkt`). */
  @Column({ name: 'token_type', type: 'varchar', length: 16 })
  tokenType: string;

  /**
   * JWK SHA-256 thumbprint of the DPoP key the access token is bound to (RFC 9449 §6); for a public client's token,
   * its refresh token is bound too. Null: not bound.
   */
  @Column({ name: 'dpop_jkt', type: 'varchar', length: 43, nullable: true })
  dpopJkt: string | null;

  @ManyToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id' })
  client: Relation<Client>;

  @Column({ name: 'client_id', type: 'varchar', length: 128 })
  clientId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 255, nullable: true })
  userId: string | null;

  /** Granted scope, space-delimited. */
  @Column({ type: 'text', default: '' })
  scope: string;

  /** Scope bound to the refresh token: the original grant's, even after a narrowed refresh (RFC 6749 §6). */
  @Column({ name: 'refresh_scope', type: 'text', nullable: true })
  refreshScope: string | null;

  /** The RFC 8707 resource the token is for (its audience); null: none was named. */
  @Column({ type: 'text', nullable: true })
  audience: string | null;

  @Column({ name: 'issued_at', type: 'bigint', transformer: unixTime })
  issuedAt: number;

  @Index()
  @Column({ name: 'expires_at', type: 'bigint', transformer: unixTime })
  expiresAt: number;

  /** When the refresh token stops working; null for no refresh token. */
  @Column({ name: 'refresh_expires_at', type: 'bigint', nullable: true, transformer: unixTime })
  refreshExpiresAt: number | null;

  /** When the refresh chain ends, however often it rotates; null for no absolute limit. */
  @Column({ name: 'family_expires_at', type: 'bigint', nullable: true, transformer: unixTime })
  familyExpiresAt: number | null;

  @Column({ type: 'boolean', default: false })
  refreshable: boolean;

  /** Set when the refresh token was exchanged (rotation): presenting it again is reuse. */
  @Column({ name: 'rotated_at', type: 'bigint', nullable: true, transformer: unixTime })
  rotatedAt: number | null;

  @Column({ name: 'revoked_at', type: 'bigint', nullable: true, transformer: unixTime })
  revokedAt: number | null;

  /** Shared by every token of one refresh chain: revoking the family revokes them all. */
  @Index()
  @Column({ name: 'family_id', type: 'varchar', length: 64 })
  familyId: string;

  /** The authorization code the chain started from, if any. */
  @ManyToOne(() => Code, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'code_id' })
  code: Relation<Code> | null;

  @Index()
  @Column({ name: 'code_id', type: 'integer', nullable: true })
  codeId: number | null;
}
