/**
 * Ending a child process together with its parent, when the parent is killed outright
 * (SIGKILL, which it cannot pass on): the child sees that it has been handed to another parent
 * and sends itself SIGTERM, so that its own end-of-run handlers stop what it started.
 *
 * @module
 */

/** How often the parent is looked for. */
export const PARENT_CHECK_MS = 250;

/**
 * From now on, ends this process with SIGTERM once its parent is gone. The check keeps no
 * program alive. Not on Windows, where a process keeps its parent's id after the parent ends.
 */
export function endWithParent(intervalMs = PARENT_CHECK_MS): void {
  if (Deno.build.os === "windows") return;
  const parent = Deno.ppid;
  const timer = setInterval(() => {
    if (Deno.ppid === parent) return;
    clearInterval(timer);
    Deno.kill(Deno.pid, "SIGTERM");
  }, intervalMs);
  Deno.unrefTimer(timer);
}
