/**
 * A watchdog for what we start: when this process is gone, even killed outright (SIGKILL, which
 * no handler of ours hears), the process or process group it watches is ended too.
 *
 * On the cache-hit path (`exec` served from the cache): Deno's API only.
 *
 * @module
 */

/** How often a watchdog looks for us. */
const WATCHDOG_INTERVAL = "0.25";

/**
 * Ends `target` (a process, or `-group` for a process group) with `signal` once this process is
 * gone, even when it was killed outright (SIGKILL, which no handler of ours hears), so that
 * nothing we started outlives us: a shell, in a group of its own, that looks for us four times a
 * second. Returns the function that stops the watchdog, for when the target ended first.
 */
export function watchdog(target: string, signal: "KILL" | "TERM"): () => void {
  let watcher: Deno.ChildProcess;
  try {
    watcher = new Deno.Command("/bin/sh", {
      args: [
        "-c",
        `while kill -0 "$1" 2>/dev/null; do sleep ${WATCHDOG_INTERVAL}; done; ` +
        `kill -${signal} "$2" 2>/dev/null`,
        "vegas-credentials-watchdog",
        String(Deno.pid),
        target,
      ],
      stdin: "null",
      stdout: "null",
      stderr: "null",
      detached: true,
    }).spawn();
  } catch {
    return () => {}; // no /bin/sh: the timeouts still bound the child while we live
  }
  watcher.unref();
  watcher.status.catch(() => {});
  return () => {
    try {
      Deno.kill(-watcher.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  };
}
