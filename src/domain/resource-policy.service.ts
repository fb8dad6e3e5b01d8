import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '../entities/client.entity.js';
import { InvalidTarget } from '../exceptions/index.js';
import { OAUTH2_TOKEN_CONFIG } from '../oauth2-token.constants.js';
import type { OAuth2TokenConfig } from '../config/oauth2-token-config.js';
import { resourceIndicatorProblem } from '../config/resource-indicator.js';

/** Decides which resource server a token is for (RFC 8707): its audience. */
@Injectable()
export class ResourcePolicy {
  constructor(@Inject(OAUTH2_TOKEN_CONFIG) private readonly config: OAuth2TokenConfig) {}

  /**
   * The audience of the token a request asks for: the `resource` it names, which must be one the client may ask for
   * (its own `resources`, else the registration's); without one, what the grant carries over (a refreshed token
   * keeps its predecessor's), else none.
   */
  audience(
    client: Client,
    requested: string | undefined,
    inherited?: string | null,
  ): string | null {
    if (requested === undefined) return inherited ?? null;
    const problem = resourceIndicatorProblem(requested);
    if (problem) throw new InvalidTarget(problem);
    if (!(client.resources ?? this.config.resources).includes(requested)) {
      throw new InvalidTarget('The client may not ask for a token for this resource');
    }
    return requested;
  }
}
