import type { AuthorizationRequest } from 'nestjs-oauth2-token';
import { CSRF_FIELD } from './csrf.js';
import { escapeHtml as e, page } from './html.js';

/** What the login and consent form shows and carries. */
export interface ConsentView {
  request: AuthorizationRequest;
  /** The authorization request's own parameters, sent back unchanged in hidden fields. */
  params: Readonly<Record<string, string>>;
  /** Descriptions of the requested scopes, by key. */
  scopeDescriptions: ReadonlyMap<string, string | null>;
  csrfToken: string;
  action: string;
  username?: string;
  message?: string;
}

/** The login form with the client's name, the requested scopes and Approve / Deny buttons. */
export function consentPage(view: ConsentView): string {
  const { request } = view;
  const scopes = request.scope.length
    ? `<ul>${request.scope
        .map((key) => {
          const description = view.scopeDescriptions.get(key);
          return `<li><code>${e(key)}</code>${description ? ` — ${e(description)}` : ''}</li>`;
        })
        .join('')}</ul>`
    : '<p>No particular access: the application asks to know who you are.</p>';
  const hidden = Object.entries(view.params)
    .map(([name, value]) => `<input type="hidden" name="${e(name)}" value="${e(value)}">`)
    .join('\n');
  return page(
    `Sign in to authorize ${request.client.name}`,
    `
<h1><strong>${e(request.client.name)}</strong> wants to access your account</h1>
<p>It asks for:</p>
${scopes}
<p class="muted">After you decide, you will be sent back to <code>${e(request.redirectUri)}</code>.</p>
${view.message ? `<p class="message" role="alert">${e(view.message)}</p>` : ''}
<form method="post" action="${e(view.action)}">
${hidden}
<input type="hidden" name="${CSRF_FIELD}" value="${e(view.csrfToken)}">
<label for="username">Username or email</label>
<input type="text" id="username" name="username" autocomplete="username" required value="${e(view.username ?? '')}">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<div class="actions">
<button type="submit" name="decision" value="approve" class="primary">Approve</button>
<button type="submit" name="decision" value="deny" formnovalidate>Deny</button>
</div>
</form>`,
  );
}

/** An error the user must see because the request cannot be sent back to the client. */
export function errorPage(title: string, explanation: string, detail?: string): string {
  return page(
    title,
    `
<h1>${e(title)}</h1>
<p>${e(explanation)}</p>
${detail ? `<p class="muted">Reason: ${e(detail)}</p>` : ''}`,
  );
}
