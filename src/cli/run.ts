/**
 * The program: parses the command line against the command table, runs one command, and turns
 * every failure into one line on stderr and an exit code.
 *
 * @module
 */

import { logFilePath } from "../config/paths.ts";
import type { Deps } from "../deps.ts";
import { CancelledError, ExitCode, isVegasError } from "../errors.ts";
import { createLogger } from "../log.ts";
import { parseArgs, type ParsedArgs } from "./args.ts";
import { colorAllowed } from "./color.ts";
import { COMMAND_MODULES } from "./command_modules.ts";
import { findCommand } from "./command_table.ts";

/** Exit codes for the signals that stop us, as shells report them (128 + N). */
const SIGNAL_EXIT = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Runs the program with `args` and returns the exit code; `warning`, when given, is said first
 * (the installed command's startup file being older than the checkout).
 */
export async function run(args: string[], deps: Deps, warning?: string): Promise<number> {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs(args);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await deps.writeStderr(`vegas-credentials: ${message}\n`);
    return isVegasError(error) ? error.exitCode : ExitCode.usage;
  }
  const flags = parsed.flags;
  const color = colorAllowed(flags.noColor, deps);
  const log = createLogger(deps, {
    verbose: flags.verbose,
    debug: flags.debug,
    hideArns: flags.hideArns,
    color: color && deps.stderrIsTerminal(),
    logFile: logFilePath(deps),
  });
  if (warning) log.warn(warning);
  try {
    const spec = findCommand(parsed.command.name)!;
    // Each command loads on demand, by the path in the table (also the --include list).
    const command = await COMMAND_MODULES[spec.module]();
    const stop = new AbortController();
    const stopped = Promise.withResolvers<number>();
    // Until a command claims them (exec once its child runs, server once it listens), signals
    // stop the run: the MFA sources die, the terminal is restored, and the reason is said.
    const removeHandler = deps.onEndSignals((signal) => {
      if (stop.signal.aborted) return;
      stop.abort(new CancelledError(`Stopped by ${signal}`));
      stopped.resolve(SIGNAL_EXIT[signal]);
    });
    let removed = false;
    const removeSignals = () => {
      if (!removed) removeHandler();
      removed = true;
    };
    const running = command.run({
      args: parsed.command,
      flags,
      deps,
      log,
      color,
      signal: stop.signal,
      claimSignals: removeSignals,
    });
    try {
      const code = await Promise.race([running, stopped.promise]).catch((error) => {
        if (!stop.signal.aborted) throw error;
      });
      if (stop.signal.aborted) {
        // Let the MFA sources die and the terminal be restored (bounded), then say why.
        await Promise.race([running.catch(() => {}), deps.sleep(2_000)]);
        log.error((stop.signal.reason as Error).message);
        return await stopped.promise;
      }
      return typeof code === "number" ? code : ExitCode.ok;
    } finally {
      removeSignals();
    }
  } catch (error) {
    if (isVegasError(error)) {
      log.error(error.message);
      return error.exitCode;
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    log.error(`Unexpected error: ${message}; run with --debug for details`);
    if (error instanceof Error && error.stack) log.debug(error.stack);
    return ExitCode.failure;
  } finally {
    await log.flush();
  }
}
