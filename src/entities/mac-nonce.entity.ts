import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { AccessToken } from './access-token.entity.js';
import { unixTime } from './unix-time.transformer.js';

/** A nonce already used with a MAC token: the unique pair makes a replay fail. */
@Entity('oauth2_mac_nonce')
@Index(['accessTokenId', 'nonce'], { unique: true })
export class MACNonce {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => AccessToken, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'access_token_id' })
  accessToken: Relation<AccessToken>;

  @Column({ name: 'access_token_id', type: 'integer' })
  accessTokenId: number;

  @Column({ type: 'varchar', length: 255 })
  nonce: string;

  @Index()
  @Column({ name: 'created_at', type: 'bigint', transformer: unixTime })
  createdAt: number;
}
