import type { INestApplicationContext } from '@nestjs/common';
import { SigningKeyRotation } from 'nestjs-oauth2-token';
import { bearerEndpointOf } from '../app.module.js';
import { defineCommand } from './cli-command.js';

/**
 * `keys:rotate` → the new key (`kid`, `alg`, `state: "next"`, `signsFrom`...): publishes a new signing key at once;
 * it signs from `signsFrom` (7 minutes later), when the previous key retires and stays published until its last
 * token has expired. Every running instance picks it up within a minute. Needs SIGNING_KEY_SECRET.
 */
export const keysRotate = defineCommand({
  name: 'keys:rotate',
  usage: 'keys:rotate',
  options: {},
  requiresEnv: ['SIGNING_KEY_SECRET'],
  parse: () => ({}),
  async run(app) {
    return { ...(await rotation(app).rotate()) };
  },
});

/** `keys:list` → `{"keys":[...]}`: every signing key in the database, oldest first, with its state; no key material. */
export const keysList = defineCommand({
  name: 'keys:list',
  usage: 'keys:list',
  options: {},
  requiresEnv: ['SIGNING_KEY_SECRET'],
  parse: () => ({}),
  async run(app) {
    return { keys: await rotation(app).list() };
  },
});

function rotation(app: INestApplicationContext): SigningKeyRotation {
  return bearerEndpointOf(app).get(SigningKeyRotation, { strict: true });
}
