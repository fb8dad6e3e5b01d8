import fc from 'fast-check';
import { benignMutations } from './benign-mutations.js';
import { breakingMutation } from './breaking-mutations.js';
import type { FormCase } from './form-cases.js';
import { render, type Base } from './form-drafts.js';
import type { FormIdentities } from './random-form-cases.js';

export { revocationIntrospectionBases, tokenBases } from './form-drafts.js';

/**
 * A valid request with benign changes (which must keep it valid: unknown parameters, order, escaping, charset,
 * query, trailing slash, scheme case, chunking, header case and extra headers), and often one breaking change whose
 * exact RFC answer it must get.
 */
export function mutatedFormCase(ids: FormIdentities, bases: Base[]): fc.Arbitrary<FormCase> {
  return fc.constantFrom(...bases).chain((base) =>
    fc
      .tuple(
        benignMutations(ids),
        fc.option(breakingMutation(base, ids), { freq: 3, nil: undefined }),
      )
      .map(([benign, breaking]): FormCase => {
        let d = base.draft;
        for (const mutation of benign) d = mutation.apply(d);
        if (breaking) d = breaking.apply(d);
        const labels = [
          ...benign.map((m) => m.label),
          ...(breaking ? [`BREAK: ${breaking.label}`] : []),
        ];
        return {
          endpoint: d.endpoint,
          routed: true,
          label: `${base.label}${labels.length ? ` + ${labels.join('; ')}` : ''}`,
          expect: breaking?.expect
            ? { kind: 'error', ...breaking.expect }
            : { kind: 'success', body: base.success },
          request: render(d),
        };
      }),
  );
}
