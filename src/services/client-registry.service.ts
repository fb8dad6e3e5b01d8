import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Client } from '../entities/client.entity.js';
import { nowInSeconds } from '../entities/unix-time.transformer.js';
import { generateSecret, hashSecret } from '../crypto/secrets.js';
import { DEFAULT_CLIENT_GRANT_TYPES } from '../oauth2-token.constants.js';

/** A client to register. */
export interface ClientRegistration {
  name: string;
  description?: string;
  ownerId?: string | null;
  redirectUris?: string[];
  /** @default authorization_code, refresh_token, client_credentials */
  grantTypes?: string[];
  /** A public client gets no secret. @default false */
  isPublic?: boolean;
  /** The secret to use instead of a generated one (any printable characters). */
  secret?: string;
  /** The client_id to use instead of a generated one. */
  clientId?: string;
}

/** Registers clients; the secret is returned once and stored only as a SHA-256 hash. */
@Injectable()
export class ClientRegistry {
  constructor(private readonly dataSource: DataSource) {}

  async register(
    registration: ClientRegistration,
  ): Promise<{ client: Client; clientSecret: string | null }> {
    const clientSecret = registration.isPublic ? null : (registration.secret ?? generateSecret());
    const client = this.dataSource.getRepository(Client).create({
      clientId: registration.clientId ?? randomBytes(16).toString('base64url'),
      secretHash: clientSecret === null ? null : hashSecret(clientSecret),
      name: registration.name,
      description: registration.description ?? null,
      ownerId: registration.ownerId ?? null,
      redirectUris: registration.redirectUris ?? [],
      grantTypes: registration.grantTypes ?? [...DEFAULT_CLIENT_GRANT_TYPES],
      isPublic: registration.isPublic ?? false,
      createdAt: nowInSeconds(),
    });
    await this.dataSource.getRepository(Client).insert(client);
    return { client, clientSecret };
  }
}
