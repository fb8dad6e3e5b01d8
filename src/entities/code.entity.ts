import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Client } from './client.entity.js';
import { unixTime } from './unix-time.transformer.js';

/** An authorization code, stored only as a hash, redeemable once. */
@Entity('oauth2_code')
export class Code {
  @PrimaryGeneratedColumn()
  id: number;

  @Index({ unique: true })
  @Column({ name: 'code_hash', type: 'varchar', length: 64 })
  codeHash: string;

  @ManyToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id' })
  client: Relation<Client>;

  @Column({ name: 'client_id', type: 'varchar', length: 128 })
  clientId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 255, nullable: true })
  userId: string | null;

  /** The redirect URI of the authorization request; the token request must repeat it exactly. */
  @Column({ name: 'redirect_uri', type: 'text', nullable: true })
  redirectUri: string | null;

  /** Granted scope, space-delimited. */
  @Column({ type: 'text', default: '' })
  scope: string;

  @Column({ name: 'issued_at', type: 'bigint', transformer: unixTime })
  issuedAt: number;

  @Index()
  @Column({ name: 'expires_at', type: 'bigint', transformer: unixTime })
  expiresAt: number;

  /** PKCE code challenge (RFC 7636), when the authorization request had one. */
  @Column({ name: 'code_challenge', type: 'varchar', length: 128, nullable: true })
  codeChallenge: string | null;

  @Column({ name: 'code_challenge_method', type: 'varchar', length: 8, nullable: true })
  codeChallengeMethod: string | null;

  /** Set once, atomically, when the code is redeemed. */
  @Column({ name: 'consumed_at', type: 'bigint', nullable: true, transformer: unixTime })
  consumedAt: number | null;
}
