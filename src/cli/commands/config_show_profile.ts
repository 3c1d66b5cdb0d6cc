/**
 * `config show-profile --profile NAME`: the settings assume would use, with their origins.
 *
 * @module
 */

import { effectiveSettings } from "../../config/include_profile.ts";
import { loadSharedConfig, type SharedConfig } from "../../config/shared_config.ts";
import { sourceOf } from "../../credentials/sources/registry.ts";
import { describeOrigin, resolveTargetProfile, rootOf } from "../../config/target_profile.ts";
import { openKeyring } from "../../keyring/open_keyring.ts";
import { usesMfaSession } from "../../credentials/session_policy.ts";
import type { Deps } from "../../deps.ts";
import type { Logger } from "../../log.ts";
import { stsEndpoint } from "../../sts/endpoint.ts";
import type { CommandContext } from "../command_context.ts";

/** The settings of the role session (config key, origin name), which a role-less profile ignores. */
const ROLE_SETTINGS: readonly [string, string][] = [
  ["duration_seconds", "durationSeconds"],
  ["role_session_name", "roleSessionName"],
  ["external_id", "externalId"],
  ["source_identity", "sourceIdentity"],
  ["session_tags", "sessionTags"],
];

/** Runs `config show-profile`. */
export function run({ args, deps, log }: CommandContext): Promise<void> {
  return showProfile(args.values.get("--profile")!, deps, log);
}

/** Where the root source's credentials come from, in its source kind's words. */
async function sourceCredentialsText(
  config: SharedConfig,
  source: string,
  deps: Deps,
): Promise<string> {
  const settings = effectiveSettings(config, source);
  const described = await sourceOf(settings, source).describe({
    sourceProfile: source,
    settings,
    config,
    deps,
    keyringItems: async () => {
      const store = await openKeyring(deps);
      return { items: await store.list(), where: store.where };
    },
  });
  return described.text;
}

/** Prints the resolved settings of a profile as JSON, each with where it came from. */
async function showProfile(profile: string, deps: Deps, log: Logger): Promise<void> {
  const config = await loadSharedConfig(deps);
  const target = resolveTargetProfile(config, profile, deps, {
    userName: await deps.userName(),
  });
  const entry = (value: string | number | undefined, key: string) =>
    value === undefined ? undefined : { value, from: describeOrigin(target.origins[key]) };
  const settings = config.profiles.get(profile)!;
  const warnings: string[] = [];
  const process = settings.get("credential_process");
  if (!process) {
    warnings.push(
      "no credential_process: AWS tools will not run vegas-credentials for this profile",
    );
  } else if (!process.value.includes(profile)) {
    warnings.push(`credential_process does not mention --profile=${profile}: "${process.value}"`);
  }
  if (settings.has("role_arn")) {
    warnings.push("role_arn is set: the AWS CLI ignores credential_process in such a profile");
  }
  // Without a role, assume prints the MFA session: the role session's settings do not apply.
  const roleOnly = target.sessionOnly || target.sourceOnly
    ? ROLE_SETTINGS.filter(([, origin]) => {
      // Only what the profile sets itself: an environment variable is meant for every profile.
      return typeof target.origins[origin] === "object";
    })
    : [];
  for (const [key, origin] of roleOnly) {
    warnings.push(
      `${key} (${describeOrigin(target.origins[origin])}) has no effect: this profile has no ` +
        (target.sourceOnly
          ? `vegas_role_arn, so assume prints its source's own credentials; remove it, or add ` +
            `vegas_role_arn`
          : `vegas_role_arn, so assume prints its MFA session, which lasts ` +
            `vegas_mfa_session_duration; remove it, or add vegas_role_arn and ` +
            `vegas_source_profile`),
    );
  }
  const roleLess = target.sessionOnly || target.sourceOnly;
  const forRole = <T>(value: T) => (roleLess ? undefined : value);
  const shown = {
    profile: target.name,
    vegas_role_arn: roleLess ? undefined : entry(target.roleArn, "roleArn"),
    vegas_source_profile: target.sessionOnly
      ? undefined
      : entry(target.sourceProfile, "sourceProfile"),
    region: entry(target.region, "region"),
    sts_endpoint: stsEndpoint(target.region, deps),
    duration_seconds: forRole(entry(target.durationSeconds, "durationSeconds")),
    role_session_name: forRole(entry(target.roleSessionName, "roleSessionName")),
    external_id: forRole(entry(target.externalId, "externalId")),
    mfa_serial: entry(target.mfaSerial, "mfaSerial"),
    mfa_process: entry(target.mfaProcess, "mfaProcess"),
    vegas_yubikey_serial: entry(target.yubikeySerial, "yubikeySerial"),
    vegas_yubikey_label: target.mfaSerial
      ? entry(target.yubikeyLabel ?? target.mfaSerial, "yubikeyLabel")
      : undefined,
    vegas_mfa_timeout: entry(target.mfaTimeoutSeconds, "mfaTimeoutSeconds"),
    vegas_mfa_session: target.mfaSerial
      ? entry(String(target.mfaSession), "mfaSession")
      : undefined,
    vegas_mfa_session_duration: target.mfaSerial && target.mfaSession
      ? entry(target.mfaSessionDurationSeconds, "mfaSessionDurationSeconds")
      : undefined,
    source_identity: forRole(entry(target.sourceIdentity, "sourceIdentity")),
    session_tags: target.sessionTags.length && !roleLess
      ? {
        value: target.sessionTags.map((t) => `${t.key}=${t.value}`).join(","),
        from: describeOrigin(target.origins.sessionTags),
      }
      : undefined,
    transitive_session_tags: target.transitiveTagKeys.length && !roleLess
      ? target.transitiveTagKeys.join(",")
      : undefined,
    chain: target.chain.join(" -> "),
    source_credentials: await sourceCredentialsText(config, rootOf(target).sourceProfile, deps),
    mfa: target.sourceOnly
      ? `none: no role; assume prints the credentials of source profile ${target.sourceProfile}`
      : target.sessionOnly
      ? "no role: assume prints this profile's own MFA session (GetSessionToken), shared with " +
        "its roles"
      : !target.mfaSerial
      ? "none: the role is assumed without MFA"
      : usesMfaSession(target)
      ? `through the MFA session of profile ${target.sourceProfile} (one code for all its roles)`
      : "a code for every AssumeRole",
    warnings,
  };
  await deps.writeStdout(log.redact(JSON.stringify(shown, null, 2)) + "\n");
}
