import { jest } from '@jest/globals';

/**
 * Moves the app's clock (`Date.now`, which the module reads for every expiry) forward without waiting; the app runs
 * in the test's process. `restore()` puts the real clock back.
 */
export function fastForwardClock() {
  const realNow = Date.now.bind(Date);
  let offsetMs = 0;
  const spy = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offsetMs);
  return {
    /** Adds `seconds` to the clock. */
    advance(seconds: number) {
      offsetMs += seconds * 1000;
    },
    /** The clock's current UNIX time in whole seconds. */
    now: () => Math.floor(Date.now() / 1000),
    restore: () => spy.mockRestore(),
  };
}
