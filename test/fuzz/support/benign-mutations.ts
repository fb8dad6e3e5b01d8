import fc from 'fast-check';
import { FORM, withParams, type Draft, type Mutation } from './form-drafts.js';
import { fuzzText, headerValue, queryString, wellFormed } from './http-arbitraries.js';
import {
  KNOWN_PARAMS,
  PARSER_TRAP_NAMES,
  formPairs,
  type FormIdentities,
} from './random-form-cases.js';

/** Names no endpoint reads, bracketed and prototype names among them: they must be ignored (RFC 6749 §3.2). */
const unknownName = fc
  .oneof(
    fc.constantFrom(...PARSER_TRAP_NAMES),
    fuzzText,
    fc.constantFrom('grant_type ', 'Grant_Type', 'scope[]'),
  )
  .map(wellFormed)
  .filter((name) => name !== '' && !(KNOWN_PARAMS as readonly string[]).includes(name));

/** Changes that keep a valid request valid: at most one of each kind, chosen at random. */
export function benignMutations(ids: FormIdentities): fc.Arbitrary<Mutation[]> {
  const all: fc.Arbitrary<Mutation>[] = [
    fc.tuple(unknownName, fuzzText.map(wellFormed)).map(([name, value]) => ({
      label: `unknown parameter ${JSON.stringify(name)}`,
      apply: (d) => withParams(d, [...d.params, [name, value]]),
    })),
    fc.nat().map((n) => ({
      label: 'parameters reordered',
      apply: (d) =>
        withParams(d, [
          ...d.params.slice(n % d.params.length),
          ...d.params.slice(0, n % d.params.length),
        ]),
    })),
    fc.constant({
      label: 'every byte percent-escaped',
      apply: (d: Draft) => ({ ...d, escapeAll: true }),
    }),
    fc.constant({ label: 'empty pairs', apply: (d: Draft) => ({ ...d, emptyPairs: true }) }),
    fc
      .constantFrom(
        `${FORM}; charset=utf-8`,
        `${FORM};charset=UTF-8`,
        `${FORM}; charset="utf-8"`,
        `${FORM}; charset=utf8`,
        `${FORM}; charset=us-ascii`,
        'Application/X-WWW-Form-Urlencoded',
        `${FORM}; foo=bar`,
      )
      .map((value) => ({
        label: `Content-Type ${value}`,
        apply: (d: Draft) => ({ ...d, contentType: value }),
      })),
    queryString(formPairs(ids, { huge: false })).map((query) => ({
      label: 'a query string (never read)',
      apply: (d: Draft) => ({ ...d, query }),
    })),
    fc.constant({ label: 'trailing slash', apply: (d: Draft) => ({ ...d, trailingSlash: true }) }),
    fc
      .tuple(
        fc.constantFrom('Basic', 'basic', 'BASIC', 'bAsIc'),
        fc.constantFrom(' ', '  ', '    '),
        fc.boolean(),
      )
      .map(([scheme, gap, escape]) => ({
        label: `Basic written ${JSON.stringify(`${scheme}${gap}`)}${escape ? ', id and secret percent-escaped' : ''}`,
        apply: (d: Draft) =>
          d.basic ? { ...d, basic: { ...d.basic, scheme, gap, escapeAll: escape } } : d,
      })),
    fc.integer({ min: 1, max: 32 }).map((size) => ({
      label: `chunked in ${size}-byte chunks`,
      apply: (d: Draft) => ({ ...d, framing: { kind: 'chunked', size } as const }),
    })),
    fc.constant({
      label: 'lower-case header names',
      apply: (d: Draft) => ({ ...d, lowerCaseNames: true }),
    }),
    fc
      .array(
        fc.tuple(
          fc.constantFrom(
            'Accept',
            'Accept-Language',
            'User-Agent',
            'X-Request-Id',
            'X-Forwarded-For',
            'Cookie',
            'Origin',
          ),
          headerValue,
        ),
        { minLength: 1, maxLength: 3 },
      )
      .map((headers) => ({
        label: `headers ${headers.map(([n]) => n).join(', ')}`,
        apply: (d: Draft) => ({ ...d, extraHeaders: headers }),
      })),
  ];
  return fc
    .subarray(all.map((_, index) => index))
    .chain((chosen) =>
      chosen.length === 0 ? fc.constant([]) : fc.tuple(...chosen.map((index) => all[index])),
    );
}
