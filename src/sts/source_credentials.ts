/**
 * Resolves the source profile's own credentials with the AWS SDK's semantics: static keys in
 * either file, its own `credential_process`, SSO. Loaded only on a cache miss.
 *
 * @module
 */

import { fromIni } from "@aws-sdk/credential-providers";
import type { SigningCredentials } from "../credential_types.ts";
import { isVegasError, VegasError } from "../errors.ts";

/** Where to read the source profile from. */
export interface SourceRequest {
  sourceProfile: string;
  /** The profile being assumed, for messages. */
  profileName: string;
  configFile: string;
  credentialsFile: string;
  /** Paths as shown to the user. */
  shownConfigFile: string;
  shownCredentialsFile: string;
}

/** Resolves the credentials of `request.sourceProfile`. */
export async function resolveSourceCredentials(
  request: SourceRequest,
): Promise<SigningCredentials> {
  const provider = fromIni({
    profile: request.sourceProfile,
    filepath: request.credentialsFile,
    configFilepath: request.configFile,
    ignoreCache: true,
    mfaCodeProvider: () => {
      throw new VegasError(
        `Source profile "${request.sourceProfile}" itself assumes a role with MFA (role_arn and ` +
          `mfa_serial); point vegas_source_profile at the profile that holds long-term keys`,
      );
    },
  });
  try {
    return await provider();
  } catch (error) {
    if (isVegasError(error)) throw error;
    const reason = error instanceof Error ? error.message.replace(/\.$/, "") : String(error);
    throw new VegasError(
      `Cannot get credentials of source profile "${request.sourceProfile}" (used by profile ` +
        `"${request.profileName}"): ${reason}; add aws_access_key_id and aws_secret_access_key to ` +
        `[${request.sourceProfile}] in ${request.shownCredentialsFile}, or configure ` +
        `credential_process or SSO for it in ${request.shownConfigFile}`,
      undefined,
      { cause: error },
    );
  }
}
