import { Injectable, Logger } from '@nestjs/common';
import { AccessRange, Client, ClientRegistry } from 'nestjs-oauth2-token';
import { DataSource } from 'typeorm';
import { UsersService } from '../users/users.service.js';
import { DEMO_CLIENT, DEMO_SCOPES, DEMO_USER } from './demo-data.js';

/** Fills an empty database with the demo scopes, user and client; does nothing once the demo client exists. */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly clients: ClientRegistry,
  ) {}

  /** Resolves true when it seeded, false when the demo client was already there. */
  async seed(): Promise<boolean> {
    const exists = await this.dataSource
      .getRepository(Client)
      .existsBy({ clientId: DEMO_CLIENT.clientId });
    if (exists) return false;
    await this.seedScopes();
    const owner =
      (await this.users.findByUsernameOrEmail(DEMO_USER.username)) ??
      (await this.users.create(DEMO_USER));
    await this.clients.register({
      clientId: DEMO_CLIENT.clientId,
      secret: DEMO_CLIENT.secret,
      name: DEMO_CLIENT.name,
      ownerId: owner.id,
      redirectUris: [DEMO_CLIENT.redirectUri],
      grantTypes: DEMO_CLIENT.grantTypes,
    });
    this.logger.log('Seeded the demo scopes, user "demo" and client "demo-client"');
    return true;
  }

  /** Adds the demo scopes that are missing, leaving any already registered as they are. */
  private async seedScopes(): Promise<void> {
    const ranges = this.dataSource.getRepository(AccessRange);
    for (const scope of DEMO_SCOPES) {
      if (!(await ranges.existsBy({ key: scope.key }))) await ranges.insert(scope);
    }
  }
}
