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
 * nothing we started outlives us: a shell that looks for us four times a second. Returns the
 * function that stops the watchdog, for when the target ended first.
 *
 * By default the shell has a process group of its own, so that a signal to ours does not end
 * it with us. `sharesGroup` keeps it in ours instead, ignoring the terminal's signals (Ctrl-C,
 * hang-up, quit, stop): for a target in our group, which such a signal reaches as it reaches
 * us. It starts ~0.6 ms sooner, as Deno starts a process that keeps our group with posix_spawn
 * rather than fork (`exec` served by the cache hit, where that is a twentieth of the run). Until
 * its shell has set the trap, about a millisecond after the start, a Ctrl-C ends it.
 */
export function watchdog(
  target: string,
  signal: "KILL" | "TERM",
  sharesGroup = false,
): () => void {
  let watcher: Deno.ChildProcess;
  try {
    watcher = new Deno.Command("/bin/sh", {
      args: [
        "-c",
        (sharesGroup ? "trap '' INT HUP QUIT TSTP; " : "") +
        `while kill -0 "$1" 2>/dev/null; do sleep ${WATCHDOG_INTERVAL}; done; ` +
        `kill -${signal} "$2" 2>/dev/null`,
        "vegas-credentials-watchdog",
        String(Deno.pid),
        target,
      ],
      stdin: "null",
      stdout: "null",
      stderr: "null",
      detached: !sharesGroup,
    }).spawn();
  } catch {
    return () => {}; // no /bin/sh: the timeouts still bound the child while we live
  }
  watcher.unref();
  watcher.status.catch(() => {});
  return () => {
    try {
      // Its group, with the `sleep` it may be in; in ours, the shell alone (that `sleep` ends
      // by itself within the interval).
      Deno.kill(sharesGroup ? watcher.pid : -watcher.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  };
}
