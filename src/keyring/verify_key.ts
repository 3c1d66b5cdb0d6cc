/**
 * Checks a long-term access key before it is stored: its form, then STS GetCallerIdentity
 * signed with it, which needs no permission and names whose key it is.
 *
 * @module
 */

import { stsTimeouts } from "../config/env_settings.ts";
import type { SharedConfig } from "../config/shared_config.ts";
import type { Deps } from "../deps.ts";
import { UsageError, VegasError } from "../errors.ts";
import { stsEndpoint } from "../sts/endpoint.ts";
import type { StoredKey } from "./key_store.ts";

/** Why `key` is not a long-term access key, if it is not. */
export function keyFormProblem(key: StoredKey): string | undefined {
  if (/^ASIA/.test(key.accessKeyId)) {
    return "the access key id starts with ASIA: it is a temporary key, which expires; store a " +
      "long-term key (AKIA…) of an IAM user";
  }
  if (!/^AKIA[A-Z0-9]{16}$/.test(key.accessKeyId)) {
    return "the access key id is not 20 capital letters and digits starting with AKIA";
  }
  if (!/^[A-Za-z0-9/+=]{16,128}$/.test(key.secretAccessKey)) {
    return "the secret access key is not 16 to 128 letters, digits and / + =";
  }
  return undefined;
}

/** The region used to check a key for `profile`: its own, else the environment's, else us-east-1. */
export function checkRegion(config: SharedConfig, profile: string, deps: Pick<Deps, "env">) {
  return config.profiles.get(profile)?.get("region")?.value ?? deps.env("AWS_REGION") ??
    deps.env("AWS_DEFAULT_REGION") ?? "us-east-1";
}

/** Proves `key` works; resolves to the ARN of its IAM user. */
export async function verifyKey(
  key: StoredKey,
  profile: string,
  region: string,
  deps: Deps,
): Promise<string> {
  const problem = keyFormProblem(key);
  if (problem) throw new UsageError(`Not stored for profile ${profile}: ${problem}`);
  const { callerIdentity } = await import("../sts/caller_identity.ts");
  try {
    const identity = await callerIdentity({
      profileName: profile,
      sourceProfile: profile,
      region,
      endpoint: stsEndpoint(region, deps),
      credentials: key,
      timeouts: stsTimeouts(deps),
    });
    return identity.arn;
  } catch (error) {
    throw new VegasError(
      `AWS did not accept the key for profile ${profile}, so nothing was stored: ` +
        (error as Error).message,
    );
  }
}
