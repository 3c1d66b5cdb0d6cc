/**
 * The program: parses the command line, runs one command, and turns every failure into one line
 * on stderr and an exit code. The only place that writes to stdout.
 *
 * @module
 */

import { logFilePath } from "../config/paths.ts";
import type { Deps } from "../deps.ts";
import { ExitCode, isVegasError, VegasError } from "../errors.ts";
import { createLogger } from "../log.ts";
import { VERSION } from "../version.ts";
import { parseArgs, type ParsedArgs } from "./args.ts";
import { assumeCommand } from "./assume_command.ts";
import { colorAllowed } from "./color.ts";
import { importLazily } from "../lazy_import.ts";

// Commands other than assume are loaded on demand: assume's cache hit is the hot path.
const configCommands = () =>
  importLazily<typeof import("./config_commands.ts")>(
    new URL("./config_commands.ts", import.meta.url),
  );
const cacheCommands = () =>
  importLazily<typeof import("./cache_commands.ts")>(
    new URL("./cache_commands.ts", import.meta.url),
  );

function versionText(full: boolean): string {
  if (!full) return `vegas-credentials ${VERSION}\n`;
  return [
    `vegas-credentials ${VERSION}`,
    `deno ${Deno.version.deno}`,
    `v8 ${Deno.version.v8}`,
    `typescript ${Deno.version.typescript}`,
    `platform ${Deno.build.os}-${Deno.build.arch}`,
  ].join("\n") + "\n";
}

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
  const command = parsed.command;
  try {
    switch (command.name) {
      case "help": {
        const { helpText } = await importLazily<typeof import("./help.ts")>(
          new URL("./help.ts", import.meta.url),
        );
        const text = helpText(command.topic);
        if (text === undefined) {
          throw new VegasError(`No help for "${command.topic}": unknown command`, ExitCode.usage);
        }
        await deps.writeStdout(text + "\n");
        break;
      }
      case "version":
        await deps.writeStdout(versionText(command.full));
        break;
      case "assume":
        log.debug(`vegas-credentials ${VERSION} assume --profile=${command.profile}`);
        await assumeCommand(
          {
            profile: command.profile,
            color,
            disableMandatoryRefresh: command.disableMandatoryRefresh,
            noGui: command.noGui,
          },
          deps,
          log,
        );
        break;
      case "config list":
        await (await configCommands()).configListCommand(deps, log);
        break;
      case "config show-profile":
        await (await configCommands()).showProfileCommand(command.profile, deps, log);
        break;
      case "cache list":
        await (await cacheCommands()).cacheListCommand(deps, log);
        break;
      case "cache clean":
        await (await cacheCommands()).cacheCleanCommand(command.profile, deps);
        break;
    }
    return ExitCode.ok;
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
