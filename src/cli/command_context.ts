/**
 * What a command module receives, and what it exports.
 *
 * @module
 */

import type { Deps } from "../deps.ts";
import type { Logger } from "../log.ts";
import type { CommandArgs, CommonFlags } from "./args.ts";

/** Everything one command run gets. */
export interface CommandContext {
  /** The command's own flags and words. */
  args: CommandArgs;
  flags: CommonFlags;
  deps: Deps;
  log: Logger;
  /** Colour allowed on the terminal. */
  color: boolean;
  /** Aborted when a signal from outside tells the program to stop. */
  signal: AbortSignal;
  /**
   * Takes SIGINT, SIGTERM and SIGHUP over from the program: until then they abort `signal` (the
   * MFA wait stops, the terminal is restored, "Stopped by …" is said); after it, the command's
   * own handler, installed first, deals with them (`exec` passes them on, `server` stops).
   */
  claimSignals(): void;
}

/** A command module's `run`: resolves to the exit code (0 when it returns nothing). */
export type CommandRun = (ctx: CommandContext) => Promise<number | void>;

/** The shape of a command module. */
export interface CommandModule {
  run: CommandRun;
}
