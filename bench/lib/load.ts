import autocannon from 'autocannon';

/** One load run against a server on loopback. */
export interface LoadOptions {
  port: number;
  path: string;
  /** @default 'POST' */
  method?: 'GET' | 'POST';
  /** Fixed headers, or new ones for each request. */
  headers: Record<string, string> | (() => Record<string, string>);
  /** The body of each request: a fixed one, or one taken from a pool per request; none for a GET. */
  body?: string | (() => string);
  /** Seconds, or `amount` requests when given. */
  duration: number;
  amount?: number;
  connections: number;
  /** Called with the number of responses so far, about every second. */
  onProgress?: (responses: number) => void;
}

/** What a run measured. */
export interface LoadResult {
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

const AMOUNT_LIMIT_MS = 240_000;

/** Runs autocannon against 127.0.0.1 only. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { body, headers } = options;
  // Without a callback autocannon returns its instance, which is also a promise of the result.
  const instance = autocannon({
    url: `http://127.0.0.1:${options.port}`,
    connections: options.connections,
    pipelining: 1,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration }),
    timeout: 30,
    requests: [
      {
        method: options.method ?? 'POST',
        path: options.path,
        ...(typeof headers === 'function'
          ? { setupRequest: (request: autocannon.Request) => ({ ...request, headers: headers() }) }
          : { headers }),
        ...(typeof body === 'string' && { body }),
        ...(typeof body === 'function' && {
          setupRequest: (request: autocannon.Request) => ({ ...request, body: body() }),
        }),
      },
    ],
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  let responses = 0;
  let timer: NodeJS.Timeout | undefined;
  if (options.onProgress) {
    instance.on('response', () => void responses++);
    timer = setInterval(() => options.onProgress!(responses), 1000);
  }
  // A run bounded by `amount` still ends within a time limit, whatever the server does.
  const watchdog = options.amount ? setTimeout(() => instance.stop(), AMOUNT_LIMIT_MS) : undefined;
  const result = await instance;
  clearTimeout(watchdog);
  if (timer) clearInterval(timer);
  const ok = result['2xx'];
  const seconds = result.duration;
  return {
    ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds,
    perSecond: ok / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}
