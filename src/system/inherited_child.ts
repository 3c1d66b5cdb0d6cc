/**
 * A child that shares our terminal (`exec`'s command): stdin, stdout and stderr inherited, the
 * environment exactly as given, and a watchdog that ends it with SIGTERM if we are killed
 * outright. Used by the seam (src/system_deps.ts) and by `exec` served from the cache hit.
 *
 * On the cache-hit path: Deno's API only.
 *
 * @module
 */

import type { InheritedChild } from "../deps.ts";
import { watchdog } from "./watchdog.ts";

/**
 * Starts `command` with `args` and `env`; throws `Deno.errors.NotFound` when there is no such
 * program.
 */
export function spawnInheritedChild(
  command: string,
  args: string[],
  env: Record<string, string>,
): InheritedChild {
  const child = new Deno.Command(command, {
    args,
    env,
    clearEnv: true,
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  // Killed outright, we cannot pass the signal on: the child then gets SIGTERM all the same. The
  // child is in our process group, so the watchdog may be too.
  const unwatch = Deno.build.os === "windows"
    ? () => {}
    : watchdog(String(child.pid), "TERM", true);
  return {
    status: child.status.then((status) => {
      unwatch();
      return { code: status.code, signal: status.signal };
    }),
    kill: (signal) => {
      try {
        child.kill(signal);
      } catch {
        // Already gone.
      }
    },
  };
}
