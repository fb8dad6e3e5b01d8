import { Controller, Get, Logger, Post, Req, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import {
  AccessRange,
  AccessTokenException,
  AuthorizationError,
  Authorizer,
  FailureLimiter,
  TooManyFailures,
  isDatabaseUnavailable,
  readFormBody,
  type AuthorizationParams,
  type AuthorizationRequest,
} from 'nestjs-oauth2-token';
import { DataSource, In } from 'typeorm';
import { AUTHORIZATION_PATH } from '../token-endpoints.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import {
  AUTHORIZATION_PARAMS,
  authorizationParamsOf,
  queryParams,
} from './authorization-params.js';
import { consentPage, errorPage } from './consent-page.js';
import { CSRF_FIELD, CsrfToken } from './csrf.js';
import { formTargetsOf, sendPage } from './html.js';
import {
  isHttps,
  nodeRequest,
  nodeResponse,
  requestUrl,
  type PlatformRequest,
  type PlatformResponse,
} from './node-http.js';

/**
 * The authorization endpoint of RFC 6749 §4.1 as a server-rendered page: `GET` checks the request with the
 * library's `Authorizer` and shows a login and consent form; `POST` checks the form (CSRF token, the request
 * again, the user's password) and sends the user back to the client with a code, or with `access_denied`.
 */
@Controller(AUTHORIZATION_PATH)
export class AuthorizeController {
  private readonly logger = new Logger('Authorization');

  constructor(
    private readonly authorizer: Authorizer,
    private readonly users: UsersService,
    private readonly dataSource: DataSource,
    private readonly limiter: FailureLimiter,
  ) {}

  @Get()
  async show(@Req() req: PlatformRequest, @Res() reply: PlatformResponse): Promise<void> {
    const res = nodeResponse(reply);
    try {
      const params = queryParams(requestUrl(req));
      const request = await this.authorizer.validate(params);
      await this.renderForm(req, res, 200, request, params);
    } catch (error) {
      this.fail(res, error);
    }
  }

  @Post()
  async decide(@Req() req: PlatformRequest, @Res() reply: PlatformResponse): Promise<void> {
    const res = nodeResponse(reply);
    try {
      const form = await readFormBody(req);
      if (!CsrfToken.matches(nodeRequest(req), form[CSRF_FIELD], isHttps(req))) {
        return sendPage(
          res,
          403,
          errorPage(
            'This sign-in form has expired',
            'For your safety the form works once, and only when sent from this site. Go back to the application and start again.',
          ),
        );
      }
      const params = authorizationParamsOf(form);
      const request = await this.authorizer.validate(params);
      const used = { 'Set-Cookie': CsrfToken.clearCookie(pathOf(req), isHttps(req)) };
      if (form.decision === 'deny') return seeOther(res, this.authorizer.deny(request), used);
      if (form.decision !== 'approve') {
        return sendPage(res, 400, errorPage('Unknown choice', 'Choose Approve or Deny.'));
      }
      const user = await this.signIn(form.username, form.password, addressOf(req));
      if (!user) {
        return this.renderForm(req, res, 400, request, params, {
          username: form.username,
          message: 'The username or password is wrong.',
        });
      }
      seeOther(res, await this.authorizer.approve(request, user.id), used);
    } catch (error) {
      this.fail(res, error);
    }
  }

  /**
   * The active user whose username (or email) and password these are; null otherwise. Wrong passwords spend the
   * token endpoint's brute-force budgets for the user, the same as the password grant's (`TooManyFailures` over).
   */
  private async signIn(login?: string, password?: string, address?: string): Promise<User | null> {
    if (!login || !password) return null;
    await this.limiter.checkOwner(login, address);
    const user = await this.users.findByUsernameOrEmail(login);
    const matches = await this.users.verifyPassword(user, password);
    if (matches && user?.isActive) return user;
    await this.limiter.ownerFailed(login, address);
    return null;
  }

  private async renderForm(
    req: PlatformRequest,
    res: ServerResponse,
    status: number,
    request: AuthorizationRequest,
    params: AuthorizationParams,
    extra: { username?: string; message?: string } = {},
  ): Promise<void> {
    const ranges = request.scope.length
      ? await this.dataSource.getRepository(AccessRange).findBy({ key: In(request.scope) })
      : [];
    const csrf = CsrfToken.create();
    const carried = Object.fromEntries(
      AUTHORIZATION_PARAMS.flatMap((name) => {
        const value = params[name];
        return typeof value === 'string' && value !== '' ? [[name, value]] : [];
      }),
    );
    const html = consentPage({
      request,
      params: carried,
      scopeDescriptions: new Map(ranges.map((range) => [range.key, range.description])),
      csrfToken: csrf.value,
      action: pathOf(req),
      ...extra,
    });
    sendPage(res, status, html, {
      formTargets: formTargetsOf(request.redirectUri),
      headers: { 'Set-Cookie': csrf.cookie(pathOf(req), isHttps(req)) },
    });
  }

  /** Sends a refused request back to the client when its redirect URI is trusted; otherwise explains it here. */
  private fail(res: ServerResponse, error: unknown): void {
    if (error instanceof TooManyFailures) {
      return sendPage(
        res,
        429,
        errorPage(
          'Too many failed sign-ins',
          'For your safety, signing in from here is paused for a while. Try again later.',
        ),
        { headers: { 'Retry-After': error.headers['Retry-After'] } },
      );
    }
    if (error instanceof AuthorizationError) {
      const back = this.authorizer.errorRedirect(error);
      if (back) return seeOther(res, back, {}, 302);
      return sendPage(
        res,
        400,
        errorPage(
          'Authorization request refused',
          'The link that brought you here names an application this server does not know, or an address to return to that the application never registered. You are not sent back to it, because that could hand your authorization to someone else. Return to the application and try again, or tell its developers.',
          error.message,
        ),
      );
    }
    if (error instanceof AccessTokenException) {
      return sendPage(
        res,
        error.status,
        errorPage('The form could not be read', 'Go back and submit the form again.'),
      );
    }
    if (isDatabaseUnavailable(error)) {
      return sendPage(
        res,
        503,
        errorPage(
          'Temporarily unavailable',
          'The service cannot sign you in right now; retry in a moment.',
        ),
        { headers: { 'Retry-After': '1' } },
      );
    }
    this.logger.error('Authorization page failed', error instanceof Error ? error.stack : error);
    sendPage(res, 500, errorPage('Something went wrong', 'The request could not be completed.'));
  }
}

/**
 * A redirect that never carries the form's password along: 303 after a POST (RFC 9700 §4.12 rules out 307 and
 * recommends 303), 302 for a refused GET request.
 */
function seeOther(
  res: ServerResponse,
  location: string,
  headers: Record<string, string>,
  status = 303,
): void {
  res.writeHead(status, {
    Location: location,
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    ...headers,
  });
  res.end();
}

/** The client's address as the HTTP adapter reports it (its trust-proxy setting applies). */
function addressOf(req: PlatformRequest): string | undefined {
  return (req as { ip?: string }).ip;
}

function pathOf(req: PlatformRequest): string {
  return new URL(requestUrl(req), 'http://localhost').pathname;
}
