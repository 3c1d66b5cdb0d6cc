/**
 * `export --profile NAME [--format F]`: the role's credentials for a shell or a file.
 *
 * @module
 */

import { profileCredentials } from "../../credentials/profile_credentials.ts";
import { credentialProcessJson } from "../../output/credential_process.ts";
import { credentialVariables, iniSection, shellLines } from "../../output/shell_formats.ts";
import type { CommandContext } from "../command_context.ts";
import type { EXPORT_FORMATS } from "../command_table.ts";
import { profileOptions } from "../profile_options.ts";

/** Runs `export`. */
export async function run(ctx: CommandContext): Promise<void> {
  const format = (ctx.args.values.get("--format") ?? "env") as typeof EXPORT_FORMATS[number];
  const profile = await profileCredentials(profileOptions(ctx), ctx.deps, ctx.log);
  const credentials = await profile.get();
  const { name, region } = profile.target;
  const text = format === "json"
    ? credentialProcessJson(credentials)
    : format === "ini"
    ? iniSection(name, credentials)
    : shellLines(
      [...credentialVariables(credentials, region), ["VEGAS_CREDENTIALS_PROFILE", name]],
      format,
    );
  await ctx.deps.writeStdout(text);
}
