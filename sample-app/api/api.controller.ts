import { Controller, Get, NotFoundException, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import {
  OAUTH2_SECURITY_SCHEMES,
  OAuth2Guard,
  OAuth2User,
  RequireScopes,
  type AuthenticatedToken,
} from 'nestjs-oauth2-token';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';

/** Protected resources, as on oauth2app's test site: each answers what its scopes allow about the token's user. */
@Controller('api')
@UseGuards(OAuth2Guard)
@ApiBearerAuth(OAUTH2_SECURITY_SCHEMES.bearer)
@ApiSecurity(OAUTH2_SECURITY_SCHEMES.mac)
export class ApiController {
  constructor(private readonly users: UsersService) {}

  @Get('email')
  @RequireScopes('email')
  async email(@OAuth2User() token: AuthenticatedToken) {
    const user = await this.owner(token);
    return { email: user.email };
  }

  @Get('first_name')
  @RequireScopes('first_name')
  async firstName(@OAuth2User() token: AuthenticatedToken) {
    const user = await this.owner(token);
    return { first_name: user.firstName };
  }

  @Get('first_and_last_name')
  @RequireScopes('first_name', 'last_name')
  async firstAndLastName(@OAuth2User() token: AuthenticatedToken) {
    const user = await this.owner(token);
    return { first_name: user.firstName, last_name: user.lastName };
  }

  /** The resource owner behind the token (for client_credentials, the client's owner). */
  private async owner(token: AuthenticatedToken): Promise<User> {
    const user = token.userId === null ? null : await this.users.findById(token.userId);
    if (!user) throw new NotFoundException('The token has no user');
    return user;
  }
}
