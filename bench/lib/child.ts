import { monitorEventLoopDelay } from 'node:perf_hooks';

/** What the bench asks a server process. */
export type ChildRequest =
  { type: 'begin' } | { type: 'end' } | { type: 'sample' } | { type: 'stop' };

/** A server's own figures over one measured window. */
export interface ChildStats {
  /** CPU time (user + system) the process used in the window, in microseconds. */
  cpuMicros: number;
  /** Resident set size at the end of the window, in bytes. */
  rss: number;
  /** Longest event-loop delay seen in the window, in milliseconds. */
  loopDelayMaxMs: number;
  /** 99th percentile of the event-loop delay in the window, in milliseconds. */
  loopDelayP99Ms: number;
}

/** What a server process tells the bench. */
export type ChildMessage =
  | { type: 'ready'; port: number }
  | { type: 'stats'; stats: ChildStats }
  | { type: 'sample'; rss: number };

/**
 * Makes this process a bench server: reports `ready` with its port over IPC, then answers `begin`/`end` with its
 * CPU time, RSS and event-loop delay over the window in between. `stop` runs `close` and exits.
 */
export function serveBenchChild(port: number, close: () => Promise<void> | void): void {
  const send = (message: ChildMessage) => process.send?.(message);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let cpu = process.cpuUsage();
  process.on('message', async (message: ChildRequest) => {
    if (message.type === 'begin') {
      cpu = process.cpuUsage();
      loop.reset();
    } else if (message.type === 'end') {
      const used = process.cpuUsage(cpu);
      send({
        type: 'stats',
        stats: {
          cpuMicros: used.user + used.system,
          rss: process.memoryUsage.rss(),
          loopDelayMaxMs: loop.max / 1e6,
          loopDelayP99Ms: loop.percentile(99) / 1e6,
        },
      });
    } else if (message.type === 'sample') {
      send({ type: 'sample', rss: process.memoryUsage.rss() });
    } else if (message.type === 'stop') {
      await close();
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port });
}
