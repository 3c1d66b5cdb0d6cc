/**
 * `export --profile NAME [--format F]`: the role's credentials for a shell or a file.
 *
 * @module
 */

import { profileCredentials } from "../../credentials/profile_credentials.ts";
import { type ExportFormat, exportText } from "../../output/shell_formats.ts";
import type { CommandContext } from "../command_context.ts";
import { profileOptions } from "../profile_options.ts";

/** Runs `export`. */
export async function run(ctx: CommandContext): Promise<void> {
  const format = (ctx.args.values.get("--format") ?? "env") as ExportFormat;
  const profile = await profileCredentials(profileOptions(ctx), ctx.deps, ctx.log);
  const credentials = await profile.get();
  const { name, region } = profile.target;
  await ctx.deps.writeStdout(exportText(format, name, region, credentials));
}
