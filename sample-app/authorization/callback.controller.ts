import { Controller, Get, Req, Res } from '@nestjs/common';
import { escapeHtml as e, page, sendPage } from './html.js';
import {
  nodeResponse,
  requestUrl,
  type PlatformRequest,
  type PlatformResponse,
} from './node-http.js';

const SHOWN = ['code', 'state', 'iss', 'error', 'error_description'];

/**
 * `GET /callback`: the demo client's redirect URI (`http://HOST:PORT/callback`) served by the sample app itself,
 * so the authorization page can be tried in a browser. It only shows what arrived; a real client checks
 * `state` and `iss` and redeems the code with its PKCE verifier.
 */
@Controller('callback')
export class CallbackController {
  @Get()
  show(@Req() req: PlatformRequest, @Res() reply: PlatformResponse): void {
    const query = new URL(requestUrl(req), 'http://localhost').searchParams;
    const rows = SHOWN.filter((name) => query.has(name))
      .map(
        (name) => `<dt>${e(name)}</dt><dd><code id="${e(name)}">${e(query.get(name)!)}</code></dd>`,
      )
      .join('\n');
    const title = query.has('error') ? 'Authorization refused' : 'Authorization response';
    sendPage(
      nodeResponse(reply),
      200,
      page(
        title,
        `<h1>${e(title)}</h1>
${rows ? `<dl>${rows}</dl>` : '<p>No authorization response parameters.</p>'}
<p class="muted">A client redeems the code at the token endpoint with its PKCE code_verifier.</p>`,
      ),
    );
  }
}
