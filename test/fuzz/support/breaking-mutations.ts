import fc from 'fast-check';
import { FORM, render, withParams, type Base, type Draft, type Mutation } from './form-drafts.js';
import { HTTP_METHODS, fuzzText, wellFormed } from './http-arbitraries.js';
import type { FormIdentities } from './random-form-cases.js';

const BROKEN_ESCAPES = [
  '%',
  '%%',
  '%G0',
  '%0',
  '%C3',
  '%C3%28',
  '%E0%A4%A',
  '%F0%9F%98',
  '%C0%AF',
  '%ED%A0%80',
  '%FF',
];

/** One change that makes the base invalid, with the exact answer the pipeline gives it. */
export function breakingMutation(base: Base, ids: FormIdentities): fc.Arbitrary<Mutation> {
  const d = base.draft;
  const invalidRequest = { status: 400, error: 'invalid_request' };
  const invalidClient = { status: 401, error: 'invalid_client' };
  const secretParam = d.params.some(([name]) => name === 'client_secret');
  const isPublicBase = d.params.some(
    ([name, value]) => name === 'client_id' && value === ids.publicClientId,
  );
  const keyParam = d.endpoint === 'token' ? 'grant_type' : 'token';
  const options: fc.Arbitrary<Mutation>[] = [
    fc.nat().chain((n) =>
      fc.constantFrom<string>('', '=', 'x').map((value) => {
        const [name] = d.params[n % d.params.length];
        return {
          label: `${name} repeated`,
          apply: (x: Draft) => withParams(x, [...x.params, [name, value === 'x' ? 'x' : value]]),
          expect: invalidRequest,
        };
      }),
    ),
    fc
      .constantFrom(
        'application/json',
        'text/plain',
        'multipart/form-data; boundary=x',
        `${FORM}x`,
        `${FORM}, application/json`,
        undefined,
      )
      .map((value) => ({
        label: `Content-Type ${value ?? 'missing'}`,
        apply: (x: Draft) => ({ ...x, contentType: value }),
        expect: invalidRequest,
      })),
    fc.constantFrom('latin1', 'iso-8859-1', 'utf-16', 'utf8mb4', '"latin1"').map((charset) => ({
      label: `charset ${charset}`,
      apply: (x: Draft) => ({ ...x, contentType: `${FORM}; charset=${charset}` }),
      expect: invalidRequest,
    })),
    fc.constantFrom(...HTTP_METHODS).map((m) => ({
      label: `method ${m}`,
      apply: (x: Draft) => ({ ...x, method: m }),
      expect: { status: 405, error: 'invalid_request' },
    })),
    fc.integer({ min: 1, max: 2048 }).map((over) => ({
      label: `body ${over} bytes over 64 KiB`,
      apply: (x: Draft) => {
        const size = render(x).body!.length;
        return withParams(x, [
          ...x.params,
          ['pad', 'p'.repeat(Math.max(1, 64 * 1024 + over - size - 5))],
        ]);
      },
      expect: { status: 413, error: 'invalid_request' },
    })),
    fc.integer({ min: 1, max: 100 }).map((missing) => ({
      label: `body cut off ${missing} bytes short`,
      apply: (x: Draft) => ({ ...x, framing: { kind: 'cut', missing } as const }),
      expect: invalidRequest,
    })),
    fc.constantFrom(...BROKEN_ESCAPES).map((escape) => ({
      label: `broken escape ${escape}`,
      apply: (x: Draft) => ({ ...x, suffix: Buffer.from(`&x=${escape}`) }),
      expect: invalidRequest,
    })),
    fc.constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf]).map((bytes) => ({
      label: `raw bytes ${bytes.join(',')} (not UTF-8)`,
      apply: (x: Draft) => ({
        ...x,
        suffix: Buffer.concat([Buffer.from('&x='), Buffer.from(bytes)]),
      }),
      expect: invalidRequest,
    })),
    fc.constantFrom('[]', '[0]', '[x]').map((brackets) => ({
      label: `${keyParam} renamed ${keyParam}${brackets}`,
      apply: (x: Draft) =>
        withParams(
          x,
          x.params.map(([n, v]) => [n === keyParam ? `${n}${brackets}` : n, v]),
        ),
      expect: invalidRequest,
    })),
    fc.constant({
      label: 'credentials removed',
      apply: (x: Draft) => ({
        ...withParams(
          x,
          x.params.filter(([n]) => n !== 'client_id' && n !== 'client_secret'),
        ),
        basic: undefined,
      }),
      expect: invalidClient,
    }),
  ];
  if (d.basic || secretParam) {
    options.push(
      fc.nat().map((n) => ({
        label: 'one character of the secret changed',
        apply: (x: Draft) => {
          const secret = x.basic?.secret ?? x.params.find(([name]) => name === 'client_secret')![1];
          const at = n % secret.length;
          const changed =
            secret.slice(0, at) + (secret[at] === 'A' ? 'B' : 'A') + secret.slice(at + 1);
          return x.basic
            ? { ...x, basic: { ...x.basic, secret: changed } }
            : withParams(
                x,
                x.params.map(([name, v]) => [name, name === 'client_secret' ? changed : v]),
              );
        },
        expect: invalidClient,
      })),
    );
  }
  if (isPublicBase) {
    options.push(
      fuzzText
        .map(wellFormed)
        .filter(Boolean)
        .map((secret) => ({
          label: 'a public client sends a secret',
          apply: (x: Draft) => withParams(x, [...x.params, ['client_secret', secret]]),
          expect: invalidClient,
        })),
    );
  }
  if (d.basic) {
    options.push(
      fc.constant({
        label: 'Basic and a body client_secret',
        apply: (x: Draft) => withParams(x, [...x.params, ['client_secret', x.basic!.secret]]),
        expect: invalidRequest,
      }),
      fc
        .oneof(fc.constant(ids.publicClientId), fuzzText.map(wellFormed))
        .filter((id) => id !== '' && id !== d.basic!.id)
        .map((id) => ({
          label: 'Basic and another body client_id',
          apply: (x: Draft) => withParams(x, [...x.params, ['client_id', id]]),
          expect: invalidRequest,
        })),
    );
  }
  if (d.endpoint === 'token') {
    options.push(
      fc
        .oneof(
          fc.constantFrom(
            'implicit',
            'token',
            'Client_Credentials',
            'CLIENT_CREDENTIALS',
            'client_credentials ',
            ' password',
            'urn:x:y',
            'code',
          ),
          fuzzText.map(wellFormed),
        )
        .filter(
          (value) =>
            value !== '' &&
            !['authorization_code', 'refresh_token', 'password', 'client_credentials'].includes(
              value,
            ),
        )
        .map((value) => ({
          label: `grant_type ${JSON.stringify(value)}`,
          apply: (x: Draft) =>
            withParams(
              x,
              x.params.map(([n, v]) => [n, n === 'grant_type' ? value : v]),
            ),
          expect: { status: 400, error: 'unsupported_grant_type' },
        })),
      fc
        .constantFrom('read nope', 'READ', 'read"', 'read\\', 'read \u00e9', 'read\u0000')
        .map((scope) => ({
          label: `scope ${JSON.stringify(scope)}`,
          apply: (x: Draft) =>
            withParams(
              x,
              x.params.map(([n, v]) => [n, n === 'scope' ? scope : v]),
            ),
          expect: { status: 400, error: 'invalid_scope' },
        })),
    );
  }
  if (base.success === 'token+refresh') {
    options.push(
      fc
        .constantFrom(
          ['alice', 'Wonder'],
          ['alice', 'wonder '],
          ['bob', 'builder'],
          ['Alice', 'wonder'],
          ['nobody', 'wonder'],
        )
        .map(([user, password]) => ({
          label: `resource owner ${user}/${password}`,
          apply: (x: Draft) =>
            withParams(
              x,
              x.params.map(([n, v]) => [
                n,
                n === 'username' ? user : n === 'password' ? password : v,
              ]),
            ),
          expect: { status: 400, error: 'invalid_grant' },
        })),
    );
  }
  if (d.endpoint !== 'token') {
    options.push(
      fc.constant({
        label: 'token missing',
        apply: (x: Draft) =>
          withParams(
            x,
            x.params.filter(([n]) => n !== 'token'),
          ),
        expect: invalidRequest,
      }),
    );
  }
  if (d.endpoint === 'introspect') {
    options.push(
      fc.constant({
        label: 'introspection by the public client',
        apply: (x: Draft) => ({
          ...withParams(x, [
            ...x.params.filter(([n]) => n !== 'client_id' && n !== 'client_secret'),
            ['client_id', ids.publicClientId],
          ]),
          basic: undefined,
        }),
        expect: invalidClient,
      }),
    );
  }
  return fc.oneof(...options);
}
