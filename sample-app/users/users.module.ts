import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserPasswordAuthenticator } from './user-password.authenticator.js';
import { User } from './user.entity.js';
import { UsersService } from './users.service.js';

/** The user store and the password-grant authenticator built on it. */
@Module({
  imports: [TypeOrmModule.forFeature([User])],
  providers: [UsersService, UserPasswordAuthenticator],
  exports: [UsersService, UserPasswordAuthenticator],
})
export class UsersModule {}
