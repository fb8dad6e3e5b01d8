/** The consent page as a browser received it: status, headers, HTML, the CSRF cookie and the form's fields. */
export interface ConsentPage {
  status: number;
  headers: Headers;
  html: string;
  /** `name=value` of the Set-Cookie header, ready for a Cookie header; undefined when none was set. */
  cookie?: string;
  /** Every `<input>` of the form with a value (hidden fields, and the username when re-filled). */
  fields: Record<string, string>;
}

/** GETs the authorization page for `params` without following redirects, with `headers` (e.g. a proxy's). */
export async function openAuthorizePage(
  baseUrl: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<ConsentPage> {
  const res = await fetch(`${baseUrl}/oauth2/authorize?${new URLSearchParams(params)}`, {
    redirect: 'manual',
    headers,
  });
  return readPage(res);
}

/**
 * POSTs the consent form with its hidden fields, the cookie, and `extra` (credentials, decision, overrides), with
 * `headers` (e.g. a proxy's).
 */
export async function submitConsent(
  baseUrl: string,
  page: Pick<ConsentPage, 'cookie' | 'fields'>,
  extra: Record<string, string | undefined>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...page.fields, ...extra })) {
    if (value !== undefined) form.set(name, value);
  }
  return fetch(`${baseUrl}/oauth2/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(page.cookie && { Cookie: page.cookie }),
      ...headers,
    },
    body: form,
  });
}

/** Opens the page, signs in and decides; resolves the redirect's Location as a URL (throws when there is none). */
export async function authorize(
  baseUrl: string,
  params: Record<string, string>,
  { username = 'demo', password = 'demo-password', decision = 'approve' } = {},
): Promise<URL> {
  const page = await openAuthorizePage(baseUrl, params);
  if (page.status !== 200) throw new Error(`The authorization page answered ${page.status}`);
  const res = await submitConsent(baseUrl, page, { username, password, decision });
  const location = res.headers.get('location');
  if (!location) throw new Error(`The consent form answered ${res.status} without a redirect`);
  return new URL(location);
}

export async function readPage(res: Response): Promise<ConsentPage> {
  const html = await res.text();
  const setCookie = res.headers.get('set-cookie');
  const fields: Record<string, string> = {};
  for (const [input] of html.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(input)?.[1];
    const value = /\bvalue="([^"]*)"/.exec(input)?.[1];
    if (name !== undefined && value !== undefined && value !== '') {
      fields[unescapeHtml(name)] = unescapeHtml(value);
    }
  }
  return {
    status: res.status,
    headers: res.headers,
    html,
    cookie: setCookie ? setCookie.split(';')[0] : undefined,
    fields,
  };
}

function unescapeHtml(value: string): string {
  return value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
