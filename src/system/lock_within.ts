/**
 * A cross-process lock taken within a time limit: the cache's entries and the file keyring both
 * wait for another process this way. The lock is a file lock (the kernel lets go of a dead
 * holder's), so a stale lock breaks itself; a live holder past the limit is an error.
 *
 * @module
 */

import type { Deps } from "../deps.ts";

/**
 * Takes the lock on `path`, waiting at most `timeoutMs` for another holder; rejects with
 * `tooLong()` past that. Resolves to the release function. A lock that arrives after we gave up
 * is let go at once.
 */
export async function lockWithin(
  deps: Pick<Deps, "lockFile" | "sleep">,
  path: string,
  timeoutMs: number,
  tooLong: () => Error,
): Promise<() => void> {
  const stop = new AbortController();
  const taking = deps.lockFile(path);
  let gaveUp = false;
  const timeout = deps.sleep(timeoutMs, stop.signal).then(() => {
    gaveUp = true;
    throw tooLong();
  }, () => {});
  try {
    return await Promise.race([taking, timeout as Promise<never>]);
  } finally {
    stop.abort();
    taking.then((late) => gaveUp && late(), () => {});
  }
}
