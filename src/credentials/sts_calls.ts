/**
 * The real {@link StsCalls}: the AWS SDK, loaded with a dynamic import the first time a call
 * is made, so that a run served from the cache never loads it.
 *
 * @module
 */

import { lockTimeoutMs, stsTimeouts } from "../config/env_settings.ts";
import { CredentialCache } from "../cache/credential_cache.ts";
import { cacheDir } from "../config/paths.ts";
import type { SharedConfig } from "../config/shared_config.ts";
import type { TargetProfile } from "../config/target_profile.ts";
import type { Deps } from "../deps.ts";
import type { Logger } from "../log.ts";
import { formatExpiration } from "../output/credential_process.ts";
import { effectiveSettings } from "../config/include_profile.ts";
import { stsEndpoint } from "../sts/endpoint.ts";
import { sourceOf } from "./sources/registry.ts";
import type { StsCalls } from "./services.ts";

/** Loads the STS modules, which import the AWS SDK. */
function loadSts() {
  return Promise.all([import("../sts/assume_role.ts"), import("../sts/session_token.ts")]);
}

/** STS through the AWS SDK, with the endpoint of each profile's region. */
export function stsCalls(
  config: SharedConfig,
  deps: Deps,
  log: Logger,
  signal?: AbortSignal,
  options: { cache?: CredentialCache; signIn?: boolean } = {},
): StsCalls {
  let loading: ReturnType<typeof loadSts> | undefined;
  const timeouts = stsTimeouts(deps);
  const sts = () => {
    loading ??= loadSts();
    return loading;
  };
  return {
    sourceCredentials(target: TargetProfile) {
      const settings = effectiveSettings(config, target.sourceProfile) ?? new Map();
      const cache = options.cache ?? new CredentialCache(cacheDir(deps), deps);
      return sourceOf(settings, target.sourceProfile).credentials({
        sourceProfile: target.sourceProfile,
        profileName: target.name,
        region: target.region,
        settings,
        config,
        deps,
        log,
        cache,
        lockTimeoutMs: lockTimeoutMs(deps),
        timeouts,
        signIn: options.signIn ?? true,
        signal,
      });
    },
    async assumeRole(target, request, credentials, mfa) {
      const [{ assumeRole }] = await sts();
      const result = await assumeRole({
        profileName: target.name,
        sourceProfile: target.sourceProfile,
        region: target.region,
        endpoint: stsEndpoint(target.region, deps),
        credentials,
        request,
        mfa,
        mfaConfigured: target.mfaSerial !== undefined,
        timeouts,
      });
      log.addSecret(result.credentials.secretAccessKey);
      log.addSecret(result.credentials.sessionToken);
      log.info(
        `Assumed ${result.assumedRoleArn ?? target.roleArn}${mfa ? " with an MFA code" : ""}; ` +
          `credentials valid until ${formatExpiration(result.credentials.expiration)}`,
      );
      return result.credentials;
    },
    async getSessionToken(target, credentials, mfa) {
      const [, { getSessionToken }] = await sts();
      return getSessionToken({
        profileName: target.name,
        sourceProfile: target.sourceProfile,
        region: target.region,
        endpoint: stsEndpoint(target.region, deps),
        credentials,
        durationSeconds: target.mfaSessionDurationSeconds,
        mfa,
        timeouts,
      });
    },
  };
}
