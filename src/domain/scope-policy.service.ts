import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '../entities/client.entity.js';
import { InvalidScope } from '../exceptions/index.js';
import { OAUTH2_TOKEN_CONFIG } from '../oauth2-token.constants.js';
import type { OAuth2TokenConfig } from '../config/oauth2-token-config.js';
import { SCOPE_TOKEN, splitScope } from '../config/scope-token.js';
import { ScopeStore } from '../persistence/scope.store.js';

/** Checks requested scopes: RFC 6749 §3.3 syntax, registered as AccessRange, and grantable by this generator. */
@Injectable()
export class ScopePolicy {
  /** Scope keys found registered, each until when (ms) it counts as registered without asking again. */
  private readonly registeredUntil = new Map<string, number>();

  constructor(
    private readonly scopes: ScopeStore,
    @Inject(OAUTH2_TOKEN_CONFIG) private readonly config: OAuth2TokenConfig,
  ) {}

  /** The requested scope values, or undefined when the request names none. */
  async parse(scope: string | undefined): Promise<string[] | undefined> {
    if (scope === undefined) return undefined;
    const values = splitScope(scope);
    if (values.length === 0) return undefined;
    if (!values.every((value) => SCOPE_TOKEN.test(value))) {
      throw new InvalidScope('The scope is malformed');
    }
    await this.assertGrantable(values);
    return values;
  }

  /** The scope of a new token when the request names none (password, client_credentials). */
  async defaultScope(): Promise<string[]> {
    const values = [...this.config.defaultScope];
    await this.assertGrantable(values);
    return values;
  }

  /**
   * A token's scope, whatever its origin (a stored code or refresh token), must lie within this generator's `scope`
   * and the client's `allowedScopes`.
   */
  assertIssuable(values: readonly string[], client?: Pick<Client, 'allowedScopes'>): void {
    this.assertWithinEndpoint(values);
    const allowed = client?.allowedScopes;
    if (allowed && !values.every((value) => allowed.includes(value))) {
      throw new InvalidScope('The scope exceeds what this client may be granted');
    }
  }

  private assertWithinEndpoint(values: readonly string[]): void {
    const allowed = this.config.scope;
    if (allowed && !values.every((value) => allowed.has(value))) {
      throw new InvalidScope('The scope exceeds what this endpoint may grant');
    }
  }

  /** Every value must be a registered AccessRange within this generator's `scope`. */
  protected async assertGrantable(values: string[]): Promise<void> {
    if (values.length === 0) return;
    this.assertWithinEndpoint(values);
    if ((await this.countRegistered(values)) !== values.length) {
      throw new InvalidScope('The scope is unknown');
    }
  }

  /**
   * The number of values that are registered AccessRange keys. Keys found registered are remembered for
   * `scopeCacheSeconds`, which saves a query per token; unknown ones never are, so the map holds registered keys only.
   */
  private async countRegistered(values: string[]): Promise<number> {
    const now = Date.now();
    const fresh = (value: string) => {
      const until = this.registeredUntil.get(value);
      if (until !== undefined && until <= now) this.registeredUntil.delete(value);
      return until !== undefined && until > now;
    };
    if (values.every(fresh)) return values.length;
    const count = await this.scopes.countRegistered(values);
    if (count === values.length && this.config.scopeCacheSeconds > 0) {
      const until = now + this.config.scopeCacheSeconds * 1000;
      for (const value of values) this.registeredUntil.set(value, until);
    }
    return count;
  }
}
