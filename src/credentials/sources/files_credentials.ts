/**
 * The source profile's credentials as the AWS SDK resolves them from the shared files (keys, a
 * role the SDK assumes), loaded only when a source needs them.
 *
 * @module
 */

import { configFilePath, credentialsFilePath } from "../../config/paths.ts";
import type { SigningCredentials } from "../../credential_types.ts";
import type { SourceFetch } from "./source.ts";

/** The credentials of `fetch.sourceProfile` through the SDK's `fromIni`. */
export async function filesCredentials(fetch: SourceFetch): Promise<SigningCredentials> {
  const { resolveSourceCredentials } = await import("../../sts/source_credentials.ts");
  return resolveSourceCredentials({
    sourceProfile: fetch.sourceProfile,
    profileName: fetch.profileName,
    configFile: configFilePath(fetch.deps),
    credentialsFile: credentialsFilePath(fetch.deps),
    shownConfigFile: fetch.config.configFile,
    shownCredentialsFile: fetch.config.credentialsFile,
  });
}
