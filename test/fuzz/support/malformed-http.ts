import fc from 'fast-check';
import type { FormCase } from './form-cases.js';

/** A change to a request's bytes that leaves HTTP/1.1 behind. */
interface Corruption {
  label: string;
  corrupt(bytes: Buffer): Buffer;
  /** The change may send the request elsewhere (its target), so a router's 404 or 400 is fine too. */
  reroutes?: boolean;
}

/** Splits the request into head lines and body, applies `edit` to the lines, and joins it again. */
function editHead(edit: (lines: string[]) => string[], eol = '\r\n'): (bytes: Buffer) => Buffer {
  return (bytes) => {
    const end = bytes.indexOf('\r\n\r\n');
    const lines = bytes.subarray(0, end).toString('latin1').split('\r\n');
    const head = Buffer.from(`${edit(lines).join(eol)}${eol}${eol}`, 'latin1');
    return Buffer.concat([head, bytes.subarray(end + 4)]);
  };
}

/** Inserts header lines after the request line. */
const addLines = (...extra: string[]) => editHead(([first, ...rest]) => [first, ...extra, ...rest]);

/** Replaces the request line's parts. */
const requestLine = (edit: (method: string, target: string, version: string) => string) =>
  editHead(([first, ...rest]) => {
    const [method, target, version] = first.split(' ');
    return [edit(method, target, version), ...rest];
  });

/** Changes that Node's HTTP parser refuses, or reads in a way a lenient client would not expect. */
export const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  fc.constantFrom('post', 'P0ST', 'FOO', 'POST\t', 'GET\x00').map((method) => ({
    label: `method ${JSON.stringify(method)}`,
    corrupt: requestLine((_, target, version) => `${method} ${target} ${version}`),
  })),
  fc
    .constantFrom('HTTP/1.0', 'HTTP/1.1x', 'HTTP/0.9', 'HTTP/1', 'http/1.1', 'HTTP/1.1 extra')
    .map((version) => ({
      label: `version ${JSON.stringify(version)}`,
      corrupt: requestLine((method, target) => `${method} ${target} ${version}`),
    })),
  fc
    .constantFrom(
      '/oauth2/ token',
      '/oauth2/\x7ftoken',
      '/oauth2/\xfftoken',
      'http://evil.example/oauth2/token',
      '//',
      '',
    )
    .map((target) => ({
      label: `target ${JSON.stringify(target)}`,
      corrupt: requestLine((method, _, version) => `${method} ${target} ${version}`),
      reroutes: true,
    })),
  fc.constantFrom('\x00', '\x01', '\x0b', '\x7f', '\x1b[31m').map((control) => ({
    label: `control character ${JSON.stringify(control)} in a header value`,
    corrupt: addLines(`X-Fuzz: a${control}b`),
  })),
  fc
    .constantFrom(
      'no colon here',
      'Content-Type : text/plain',
      ' folded: continuation',
      'X(Y): z',
      ': empty name',
      'Host: other.example',
      'Content-Length: 0',
      'Content-Length: 1, 2',
      'Transfer-Encoding: chunked',
      'Transfer-Encoding: gzip, chunked',
      'Transfer-Encoding: identity',
      'Expect: 100-continue',
      'Expect: something-else',
      'Upgrade: h2c',
    )
    .map((line) => ({ label: `header line ${JSON.stringify(line)}`, corrupt: addLines(line) })),
  fc.constantFrom('-1', 'abc', '1e3', '99999999999999999999', '0x10', '').map((value) => ({
    label: `Content-Length ${JSON.stringify(value)}`,
    corrupt: editHead((lines) =>
      lines.map((line) => (/^content-length:/i.test(line) ? `Content-Length: ${value}` : line)),
    ),
  })),
  fc.constant({ label: 'bare LF line ends', corrupt: editHead((lines) => lines, '\n') }),
  fc.constant({
    label: 'no Host header',
    corrupt: editHead((lines) => lines.filter((line) => !/^host:/i.test(line))),
  }),
  fc.integer({ min: 16 * 1024, max: 20 * 1024 }).map((size) => ({
    label: `a ${size}-byte header`,
    corrupt: addLines(`X-Big: ${'a'.repeat(size)}`),
  })),
  fc
    .constantFrom(
      'zz\r\nab\r\n0\r\n\r\n',
      '5\r\nab\r\n0\r\n\r\n',
      '-1\r\n\r\n',
      'ffffffffffffffff\r\n',
    )
    .map((chunks) => ({
      label: `chunked body ${JSON.stringify(chunks)}`,
      corrupt: (bytes: Buffer) =>
        Buffer.concat([
          editHead((lines) => [
            ...lines.filter((line) => !/^(content-length|transfer-encoding):/i.test(line)),
            'Transfer-Encoding: chunked',
          ])(bytes.subarray(0, bytes.indexOf('\r\n\r\n') + 4)),
          Buffer.from(chunks, 'latin1'),
        ]),
    })),
);

/**
 * `c` with its bytes corrupted. Node may refuse it (a bare 4xx or a closed connection); when the app answers, the
 * answer must be documented, and a success is allowed only where the request had one to begin with.
 */
export function malformed(c: FormCase, change: Corruption): FormCase {
  const mayRetain =
    c.expect.kind === 'success' ||
    c.expect.kind === 'any' ||
    c.expect.kind === 'refused-or-revoked';
  return {
    ...c,
    routed: c.routed && !change.reroutes,
    label: `${c.label} + MALFORMED: ${change.label}`,
    expect: mayRetain ? { kind: 'any' } : { kind: 'refused' },
    request: { ...c.request, corrupt: change.corrupt },
  };
}
