import { Injectable, Logger } from '@nestjs/common';
import { AccessRange, Client, ClientRegistry } from 'nestjs-oauth2-token';
import { DataSource } from 'typeorm';
import { UsersService } from '../users/users.service.js';
import { DEMO_CLIENT, DEMO_SCOPES, DEMO_USER, demoRedirectUri } from './demo-data.js';

/**
 * Fills a database with the demo scopes, user and client for the app served at a base URL. Only for a database
 * meant for the demo: the client's and the user's passwords are public.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly clients: ClientRegistry,
  ) {}

  /**
   * Seeds an empty database, with `<baseUrl>/callback` as the demo client's redirect URI. Once the demo client
   * exists, only adds that URI to it when missing (the app now runs on another HOST or PORT), keeping the others
   * for instances still running there. Resolves true when it created the client.
   */
  async seed(baseUrl: string): Promise<boolean> {
    const redirectUri = demoRedirectUri(baseUrl);
    const clients = this.dataSource.getRepository(Client);
    const existing = await clients.findOneBy({ clientId: DEMO_CLIENT.clientId });
    if (existing) {
      if (!existing.redirectUris.includes(redirectUri)) {
        await clients.update(
          { clientId: DEMO_CLIENT.clientId },
          { redirectUris: [...existing.redirectUris, redirectUri] },
        );
        this.logger.log(`Registered ${redirectUri} for the demo client`);
      }
      return false;
    }
    await this.seedScopes();
    const owner =
      (await this.users.findByUsernameOrEmail(DEMO_USER.username)) ??
      (await this.users.create(DEMO_USER));
    await this.clients.register({
      clientId: DEMO_CLIENT.clientId,
      secret: DEMO_CLIENT.secret,
      name: DEMO_CLIENT.name,
      ownerId: owner.id,
      redirectUris: [redirectUri],
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
