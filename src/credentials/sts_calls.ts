/**
 * The real {@link StsCalls}: the AWS SDK, loaded with a dynamic import the first time a call
 * is made, so that a run served from the cache never loads it.
 *
 * @module
 */

import { stsTimeouts } from "../config/env_settings.ts";
import { configFilePath, credentialsFilePath } from "../config/paths.ts";
import type { SharedConfig } from "../config/shared_config.ts";
import type { TargetProfile } from "../config/target_profile.ts";
import type { Deps } from "../deps.ts";
import type { Logger } from "../log.ts";
import { formatExpiration } from "../output/credential_process.ts";
import { effectiveSettings } from "../config/include_profile.ts";
import { sourceKind } from "../config/source_kind.ts";
import { VegasError } from "../errors.ts";
import { stsEndpoint } from "../sts/endpoint.ts";
import { credentialsFromProcess } from "./source_process.ts";
import type { StsCalls } from "./services.ts";

/** Loads the STS modules, which import the AWS SDK. */
function loadSts() {
  return Promise.all([
    import("../sts/source_credentials.ts"),
    import("../sts/assume_role.ts"),
    import("../sts/session_token.ts"),
  ]);
}

/**
 * The source's long-term key from the keyring, for a source profile with no credentials in the
 * shared files (no keys, SSO or credential_process of its own).
 */
async function keyringSourceCredentials(
  target: TargetProfile,
  config: SharedConfig,
  deps: Deps,
  log: Logger,
) {
  const { openKeyring } = await import("../keyring/open_keyring.ts");
  const missing = (keyring: string) =>
    new VegasError(
      `Source profile "${target.sourceProfile}" (used by profile "${target.name}") has no ` +
        `credentials: no access keys in ${config.credentialsFile}, no SSO or credential_process ` +
        `in ${config.configFile}, and ${keyring}; add aws_access_key_id and ` +
        `aws_secret_access_key to [${target.sourceProfile}] in ${config.credentialsFile}, or ` +
        `run vegas-credentials add --profile ${target.sourceProfile}`,
    );
  let store;
  try {
    store = await openKeyring(deps);
  } catch (error) {
    // A keyring the user chose says itself what is wrong with it.
    if (deps.env("VEGAS_CREDENTIALS_KEYRING")) throw error;
    throw missing(`no keyring to look in (${(error as Error).message.replace(/;.*$/, "")})`);
  }
  const key = await store.get(target.sourceProfile);
  if (!key) throw missing(`no item in ${store.where}`);
  log.addSecret(key.secretAccessKey);
  log.info(`Source key of profile ${target.sourceProfile} from ${store.where}`);
  return key;
}

/** STS through the AWS SDK, with the endpoint of each profile's region. */
export function stsCalls(
  config: SharedConfig,
  deps: Deps,
  log: Logger,
  signal?: AbortSignal,
): StsCalls {
  let loading: ReturnType<typeof loadSts> | undefined;
  const timeouts = stsTimeouts(deps);
  const sts = () => {
    loading ??= loadSts();
    return loading;
  };
  return {
    async sourceCredentials(target: TargetProfile) {
      const source = effectiveSettings(config, target.sourceProfile);
      const kind = sourceKind(source, target.sourceProfile);
      if (kind === "keyring") return await keyringSourceCredentials(target, config, deps, log);
      const process = source?.get("credential_process");
      if (kind === "process" && process) {
        return await credentialsFromProcess(
          process.value,
          `source profile "${target.sourceProfile}" (${process.file} line ${process.line})`,
          deps,
          log,
          signal,
        );
      }
      const [{ resolveSourceCredentials }] = await sts();
      return resolveSourceCredentials({
        sourceProfile: target.sourceProfile,
        profileName: target.name,
        configFile: configFilePath(deps),
        credentialsFile: credentialsFilePath(deps),
        shownConfigFile: config.configFile,
        shownCredentialsFile: config.credentialsFile,
      });
    },
    async assumeRole(target, request, credentials, mfa) {
      const [, { assumeRole }] = await sts();
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
      const [, , { getSessionToken }] = await sts();
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
