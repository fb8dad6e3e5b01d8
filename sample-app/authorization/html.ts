import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { redirectUriProblem } from 'nestjs-oauth2-token';

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; background: #f3f4f6; color: #111827; margin: 0; }
main { max-width: 28rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: .75rem;
  box-shadow: 0 1px 3px rgba(0,0,0,.12); }
h1 { font-size: 1.3rem; margin: 0 0 1rem; }
ul { padding-left: 1.2rem; } li { margin: .25rem 0; } code { word-break: break-all; }
label { display: block; margin: .75rem 0 .25rem; font-weight: 600; }
input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: .5rem;
  border: 1px solid #9ca3af; border-radius: .375rem; font: inherit; }
.actions { display: flex; gap: .75rem; margin-top: 1.25rem; }
button { flex: 1; padding: .6rem; border-radius: .375rem; border: 1px solid #9ca3af; font: inherit;
  cursor: pointer; background: #fff; }
button.primary { background: #1d4ed8; border-color: #1d4ed8; color: #fff; }
.message { background: #fef2f2; color: #991b1b; border: 1px solid #fecaca; padding: .5rem .75rem;
  border-radius: .375rem; }
.muted { color: #4b5563; font-size: .9rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem .75rem; } dt { font-weight: 600; }
dd { margin: 0; word-break: break-all; }
`;

/** The one inline stylesheet, allowed by its hash so the policy needs no 'unsafe-inline'. */
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** A complete page: `body` must already be escaped HTML. */
export function page(title: string, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    `<body><main>${body}</main></body>`,
    '</html>',
  ].join('\n');
}

/**
 * Sends an HTML page that is never cached, never framed (clickjacking on the consent buttons), runs no script,
 * leaks no URL in a Referer, and may submit forms only to itself and to `formTargets` (a form POST that answers
 * a redirect to the client must be allowed to follow it).
 */
export function sendPage(
  response: ServerResponse,
  status: number,
  html: string,
  {
    formTargets = [],
    headers = {},
  }: { formTargets?: string[]; headers?: Record<string, string> } = {},
): void {
  const formAction = ["'self'", ...formTargets].join(' ');
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': [
      "default-src 'none'",
      `style-src 'sha256-${STYLE_HASH}'`,
      `form-action ${formAction}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    ...headers,
  });
  response.end(html);
}

/** An origin a CSP host-source can spell (CSP3 §2.3.1): no IPv6 literal, no `;` or `,` that would end the directive. */
const CSP_ORIGIN = /^https?:\/\/[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d+)?$/;

/**
 * The CSP sources that let a form submission be redirected to `uri`: its origin (or only its scheme when CSP cannot
 * spell the origin), or its scheme for app URIs. None for a URI the registration rules refuse (`javascript:`...):
 * the `Authorizer` never redirects there, and the policy must not allow it either.
 */
export function formTargetsOf(uri: string): string[] {
  if (redirectUriProblem(uri)) return [];
  const url = new URL(uri);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return [url.protocol];
  return [CSP_ORIGIN.test(url.origin) ? url.origin : url.protocol];
}
