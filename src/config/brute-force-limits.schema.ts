import { IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import type { BruteForceLimits, FailureLimit } from '../interfaces/brute-force-limits.interface.js';
import { DEFAULT_BRUTE_FORCE_LIMITS } from './oauth2-token-config.js';

const DAY = 24 * 3600;

/** class-validator rules for one `FailureLimit`. */
class FailureLimitSchema implements FailureLimit {
  @IsInt()
  @Min(1)
  limit: number;

  @IsInt()
  @Min(1)
  @Max(DAY)
  windowSeconds: number;

  @IsInt()
  @Min(1)
  @Max(DAY)
  blockSeconds: number;
}

/** class-validator rules for `BruteForceLimits`: each budget given is complete. */
export class BruteForceLimitsSchema {
  @IsOptional()
  @ValidateNested()
  clientPerAddress?: FailureLimitSchema;

  @IsOptional()
  @ValidateNested()
  address?: FailureLimitSchema;

  @IsOptional()
  @ValidateNested()
  ownerPerAddress?: FailureLimitSchema;

  @IsOptional()
  @ValidateNested()
  owner?: FailureLimitSchema;

  /** The options as schema instances, so that class-validator checks each budget too. */
  static of(limits: BruteForceLimits): BruteForceLimitsSchema {
    const schema = new BruteForceLimitsSchema();
    for (const [name, limit] of Object.entries(limits)) {
      const value =
        limit && typeof limit === 'object' ? Object.assign(new FailureLimitSchema(), limit) : limit;
      Object.assign(schema, { [name]: value });
    }
    return schema;
  }
}

/** The budgets in force: each given one replaces its default. */
export function withDefaultLimits(
  limits: BruteForceLimits | false | undefined,
): Required<BruteForceLimits> | false {
  if (limits === false) return false;
  return { ...DEFAULT_BRUTE_FORCE_LIMITS, ...limits };
}
