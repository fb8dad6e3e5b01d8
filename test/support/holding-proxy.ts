import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy to a database server that can hold back what the server sends and then deliver it in one write, so
 * that several protocol messages (a query's last message and a FATAL after it) reach the client in one read, as a
 * loaded machine does by chance. One client connection at a time is enough for its tests.
 */
export class HoldingProxy {
  private holding = false;
  private held: Buffer[] = [];
  private client?: Socket;
  private serverEnded?: Promise<void>;

  private constructor(private readonly server: Server) {}

  /** Listens on a free loopback port and forwards every connection to `host:port`. */
  static async start(host: string, port: number): Promise<HoldingProxy> {
    const server = createServer();
    const proxy = new HoldingProxy(server);
    server.on('connection', (client) => proxy.forward(client, host, port));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  /** From now on, keeps what the server sends to the current connection. */
  hold(): void {
    this.holding = true;
  }

  /** Once the server has closed the held connection, delivers everything it sent in one write and closes it. */
  async deliverInOneReadAndClose(): Promise<void> {
    await this.serverEnded;
    const client = this.client!;
    this.holding = false;
    client.end(Buffer.concat(this.held));
    this.held = [];
  }

  async close(): Promise<void> {
    this.client?.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private forward(client: Socket, host: string, port: number): void {
    const upstream = connect({ host, port });
    this.client = client;
    this.serverEnded = new Promise((resolve) => upstream.once('close', () => resolve()));
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (this.holding && client === this.client) this.held.push(chunk);
      else client.write(chunk);
    });
    upstream.on('close', () => {
      if (!(this.holding && client === this.client)) client.end();
    });
    client.on('close', () => upstream.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  }
}
