import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { unixTime } from './unix-time.transformer.js';

/**
 * A JWT id already presented once (a DPoP proof, a client assertion): the primary key makes a second use fail on
 * every instance. Kept until the JWT it came from can no longer be accepted anyway.
 */
@Entity('oauth2_used_jti')
export class UsedJti {
  /** SHA-256 (hex) of the use (what kind of JWT), the issuer it is unique for and the `jti`. */
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'PK_oauth2_used_jti' })
  key: string;

  /** When the JWT stops being acceptable, in UNIX seconds: the row may be deleted after. */
  @Index('IDX_oauth2_used_jti_expires_at')
  @Column({ name: 'expires_at', type: 'bigint', transformer: unixTime })
  expiresAt: number;
}
