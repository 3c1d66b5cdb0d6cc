/**
 * `assume --profile NAME`: the profile's role credentials as credential_process JSON.
 *
 * @module
 */

import { profileCredentials } from "../../credentials/profile_credentials.ts";
import { VERSION } from "../../version.ts";
import { credentialProcessJson, formatExpiration } from "../../output/credential_process.ts";
import type { CommandContext } from "../command_context.ts";
import { profileOptions } from "../profile_options.ts";

/** Runs `assume`; resolves when the credentials are on stdout. */
export async function run(ctx: CommandContext): Promise<void> {
  const options = profileOptions(ctx);
  ctx.log.debug(`vegas-credentials ${VERSION} assume --profile=${options.profile}`);
  const profile = await profileCredentials(options, ctx.deps, ctx.log);
  const credentials = await profile.get();
  await ctx.deps.writeStdout(credentialProcessJson(credentials));
  ctx.log.verbose(
    `Credentials for profile ${profile.target.name} valid until ${
      formatExpiration(credentials.expiration)
    }`,
  );
}
