/**
 * `vegas-credentials assume --profile NAME`: the profile's role credentials, from the encrypted
 * cache or fetched, printed as credential_process JSON.
 *
 * The cache-hit path loads no AWS SDK and no npm module.
 *
 * @module
 */

import { CredentialCache } from "../cache/credential_cache.ts";
import { cacheDir, displayPath } from "../config/paths.ts";
import { loadSharedConfig } from "../config/shared_config.ts";
import { resolveTargetProfile } from "../config/target_profile.ts";
import type { Deps } from "../deps.ts";
import type { Logger } from "../log.ts";
import { credentialProcessJson, formatExpiration } from "../output/credential_process.ts";
import { type AssumeContext, roleCredentials } from "./cached_credentials.ts";

/** Options of the assume command. */
export interface AssumeOptions {
  profile: string;
  /** Colour allowed on the terminal prompt. */
  color: boolean;
  disableMandatoryRefresh: boolean;
  /** `--no-gui` / `--disable-dialog`. */
  noGui: boolean;
}

/** Runs `assume`; resolves when the credentials are on stdout. */
export async function assumeCommand(
  options: AssumeOptions,
  deps: Deps,
  log: Logger,
): Promise<void> {
  const cache = new CredentialCache(cacheDir(deps), deps, (message) => log.info(message));
  cache.prepare();
  const config = await loadSharedConfig(deps);
  const target = resolveTargetProfile(config, options.profile, deps, {
    userName: await deps.userName(),
  });
  const ctx: AssumeContext = {
    deps,
    log,
    config,
    cache,
    color: options.color,
    noGui: options.noGui,
    disableMandatoryRefresh: options.disableMandatoryRefresh,
  };
  const credentials = await roleCredentials(ctx, target);
  if (ctx.cacheProblem) {
    log.warn(
      `Cannot use the credentials cache in ${
        displayPath(deps, cache.dir)
      } (${ctx.cacheProblem}); ` +
        `the credentials are valid, but the next run will fetch new ones`,
    );
  }
  log.addSecret(credentials.secretAccessKey);
  log.addSecret(credentials.sessionToken);
  await deps.writeStdout(credentialProcessJson(credentials));
  log.verbose(
    `Credentials for profile ${target.name} valid until ${
      formatExpiration(credentials.expiration)
    }`,
  );
}
