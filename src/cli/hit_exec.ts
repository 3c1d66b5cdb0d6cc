/**
 * `exec` served from the cache hit: the child run with the cached credentials in its
 * environment, exactly as the `exec` command runs it (src/cli/commands/exec.ts, which the full
 * program runs for `--server`, a flag such as `--verbose`, or credentials not cached): the same
 * variables (src/cli/exec_environment.ts), the same signals passed on, the same exit code, and a
 * watchdog that ends the child if we are killed outright.
 *
 * On the cache-hit path: Deno's API and pure modules only.
 *
 * @module
 */

import type { TemporaryCredentials } from "../credential_types.ts";
import { credentialVariables } from "../output/shell_formats.ts";
import { osName } from "../system/hit_deps.ts";
import { exitCodeOf } from "../system/signal_exit.ts";
import { inTerminalForeground } from "../system/terminal_foreground.ts";
import { spawnInheritedChild } from "../system/inherited_child.ts";
import { childBaseEnvironment, childCommand } from "./exec_environment.ts";

/** The signals passed on to the child (only Ctrl-C exists on Windows). */
const PASSED_ON = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Runs `rest` (or the shell) with `credentials`; resolves to its exit code, or `undefined`
 * when it cannot be started, for the full program to say why.
 */
export async function execFromHit(
  profile: string,
  rest: string[],
  credentials: TemporaryCredentials,
  region: string | undefined,
): Promise<number | undefined> {
  const os = osName();
  const [command, ...args] = childCommand(rest, os, (name) => Deno.env.get(name));
  const env = childBaseEnvironment(Deno.env.toObject(), profile);
  for (const [name, value] of credentialVariables(credentials, region)) env[name] = value;
  let child;
  try {
    child = spawnInheritedChild(command, args, env);
  } catch {
    return undefined;
  }
  // As exec.ts: a Ctrl-C in the terminal's foreground reached the child by itself; any other
  // end signal is passed on, and we wait for the child.
  const listeners = (os === "windows" ? (["SIGINT"] as const) : PASSED_ON).map((signal) => {
    const listener = () => {
      if (signal !== "SIGINT" || !inTerminalForeground(os)) child.kill(signal);
    };
    Deno.addSignalListener(signal, listener);
    return () => Deno.removeSignalListener(signal, listener);
  });
  try {
    return exitCodeOf(await child.status);
  } finally {
    for (const remove of listeners) remove();
  }
}
