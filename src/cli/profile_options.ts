/**
 * The profile flags shared by the commands that hand out credentials.
 *
 * @module
 */

import type { ProfileOptions } from "../credentials/profile_credentials.ts";
import type { CommandContext } from "./command_context.ts";

/** `--profile`, `--no-gui` and `--disable-mandatory-refresh` as the credentials layer takes them. */
export function profileOptions(ctx: CommandContext): ProfileOptions {
  return {
    profile: ctx.args.values.get("--profile")!,
    color: ctx.color,
    noGui: ctx.args.switches.has("--no-gui"),
    disableMandatoryRefresh: ctx.args.switches.has("--disable-mandatory-refresh"),
    signal: ctx.signal,
  };
}
