/**
 * The program: parses the command line against the command table, runs one command, and turns
 * every failure into one line on stderr and an exit code.
 *
 * @module
 */

import { logFilePath } from "../config/paths.ts";
import type { Deps } from "../deps.ts";
import { ExitCode, isVegasError } from "../errors.ts";
import { importLazily } from "../lazy_import.ts";
import { createLogger } from "../log.ts";
import { parseArgs, type ParsedArgs } from "./args.ts";
import { colorAllowed } from "./color.ts";
import type { CommandModule } from "./command_context.ts";
import { findCommand } from "./command_table.ts";

/** Runs the program with `args` and returns the exit code. */
export async function run(args: string[], deps: Deps): Promise<number> {
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
  try {
    const spec = findCommand(parsed.command.name)!;
    // Each command loads on demand, by the path in the table (also the --include list).
    const command = await importLazily<CommandModule>(new URL(spec.module, import.meta.url));
    const code = await command.run({ args: parsed.command, flags, deps, log, color });
    return code ?? ExitCode.ok;
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
