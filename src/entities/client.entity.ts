import { Column, Entity, PrimaryColumn } from 'typeorm';
import { unixTime } from './unix-time.transformer.js';

/** A registered OAuth client. Its secret is stored only as a SHA-256 hash; a public client has none. */
@Entity('oauth2_client')
export class Client {
  /** The public `client_id`. */
  @PrimaryColumn({ name: 'client_id', type: 'varchar', length: 128 })
  clientId: string;

  /** SHA-256 (base64url) of the client secret; null for a public client. */
  @Column({ name: 'secret_hash', type: 'varchar', length: 64, nullable: true })
  secretHash: string | null;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** Id of the app user who owns the client; the user of client_credentials tokens. */
  @Column({ name: 'owner_id', type: 'varchar', length: 255, nullable: true })
  ownerId: string | null;

  /** Registered redirect URIs, compared as exact strings. */
  @Column({ name: 'redirect_uris', type: 'simple-json' })
  redirectUris: string[];

  /** Grant types this client may use; any other is `unauthorized_client`. */
  @Column({ name: 'grant_types', type: 'simple-json' })
  grantTypes: string[];

  /** A public client (token endpoint auth method `none`) cannot keep a secret. */
  @Column({ name: 'is_public', type: 'boolean', default: false })
  isPublic: boolean;

  @Column({ name: 'created_at', type: 'bigint', transformer: unixTime })
  createdAt: number;
}
