/**
 * How the installed command reaches the full program: in a process of its own, started with
 * the project's config and its frozen lockfile (src/cli/launch_flags.ts). The installed command
 * starts with no config, so that a cache hit reads and checks no lockfile; whatever loads npm
 * packages runs in that child, under the lock.
 *
 * The child shares our stdin, stdout, stderr, environment and process group, and our exit code
 * is its. SIGINT, SIGTERM and SIGHUP are passed on (we outlive the child, and wait for it); if
 * we are killed outright, it notices and ends too (src/system/parent_watch.ts). A hand-off
 * costs one Deno start, ~20 ms, on runs that talk to STS or a person anyway.
 *
 * On the cache-hit path: Deno built-ins only.
 *
 * @module
 */

import { exitCodeOf } from "../system/signal_exit.ts";
import { CHECKOUT_URL } from "./checkout.ts";
import { lockedFlags } from "./launch_flags.ts";

/**
 * The first argument the full program gets from a hand-off: where the record of the startup
 * bundle's sources lies (beside the bundle), for the stale-install check.
 */
export const RECORD_FLAG = "--startup-record=";
/** The record's file name, beside the bundle. */
export const RECORD_NAME = "main.bundle.sources.json";

/** The signals that end a run, passed on to the child. */
const END_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** The local path of a `file:` URL on `os`: `C:\\x` for `file:///C:/x`, a UNC path for a host. */
export function localPath(url: URL, os: typeof Deno.build.os = Deno.build.os): string {
  const path = decodeURIComponent(url.pathname);
  if (os !== "windows") return path;
  const local = path.replaceAll("/", "\\");
  return url.hostname ? `\\\\${url.hostname}${local}` : local.slice(1);
}

/** Runs the full program on `args` in a child process; resolves to its exit code. */
export async function handOff(args: string[]): Promise<number> {
  const config = localPath(new URL("deno.json", CHECKOUT_URL));
  const program = new URL("src/cli/program_main.ts", CHECKOUT_URL).href;
  const record = localPath(new URL(`./${RECORD_NAME}`, import.meta.url));
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(Deno.execPath(), {
      args: ["run", ...lockedFlags(config), program, `${RECORD_FLAG}${record}`, ...args],
      stdin: "inherit",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
  } catch (error) {
    const message = `vegas-credentials: cannot start the full program with ${Deno.execPath()}: ` +
      `${(error as Error).message}; reinstall with deno task install\n`;
    Deno.stderr.writeSync(new TextEncoder().encode(message));
    return 1;
  }
  const passOn = (signal: Deno.Signal) => () => {
    try {
      child.kill(signal);
    } catch {
      // It has ended already.
    }
  };
  // Passed on even when it was a Ctrl-C that reached the child too: every handler of the full
  // program takes a second one as the first. On Windows, Ctrl-C is only heard (so that we
  // outlive the child): the console delivers it to both, and there are no other signals.
  const listeners = new Map<Deno.Signal, () => void>();
  if (Deno.build.os === "windows") listeners.set("SIGINT", () => {});
  else for (const signal of END_SIGNALS) listeners.set(signal, passOn(signal));
  for (const [signal, listener] of listeners) Deno.addSignalListener(signal, listener);
  try {
    return exitCodeOf(await child.status);
  } finally {
    for (const [signal, listener] of listeners) Deno.removeSignalListener(signal, listener);
  }
}
