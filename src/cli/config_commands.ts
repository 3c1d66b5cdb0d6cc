/**
 * `config list` and `config show-profile`: what the tool sees in the AWS config, for humans.
 *
 * @module
 */

import { loadSharedConfig } from "../config/shared_config.ts";
import { describeOrigin, resolveTargetProfile } from "../config/target_profile.ts";
import type { Deps } from "../deps.ts";
import type { Logger } from "../log.ts";
import { stsEndpoint } from "../sts/endpoint.ts";
import { usesMfaSession } from "./cached_credentials.ts";

/** Prints the profiles that have `vegas_role_arn`, one per line, aligned. */
export async function configListCommand(deps: Deps, log: Logger): Promise<void> {
  const config = await loadSharedConfig(deps);
  const rows: string[][] = [];
  for (const [name, settings] of config.profiles) {
    const role = settings.get("vegas_role_arn");
    if (!role) continue;
    rows.push([
      name,
      log.redact(role.value),
      settings.get("vegas_source_profile")?.value ?? "(none)",
    ]);
  }
  if (rows.length === 0) {
    await deps.writeStdout(
      `No profile in ${config.configFile} or ${config.credentialsFile} has vegas_role_arn\n`,
    );
    return;
  }
  rows.sort((a, b) => a[0].localeCompare(b[0]));
  const all = [["PROFILE", "ROLE", "SOURCE"], ...rows];
  const widths = [0, 1].map((column) => Math.max(...all.map((row) => row[column].length)));
  const lines = all.map((row) =>
    `${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}`
  );
  await deps.writeStdout(lines.join("\n") + "\n");
}

/** Prints the resolved settings of a profile as JSON, each with where it came from. */
export async function showProfileCommand(profile: string, deps: Deps, log: Logger): Promise<void> {
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
  const shown = {
    profile: target.name,
    vegas_role_arn: entry(target.roleArn, "roleArn"),
    vegas_source_profile: entry(target.sourceProfile, "sourceProfile"),
    region: entry(target.region, "region"),
    sts_endpoint: stsEndpoint(target.region, deps),
    duration_seconds: entry(target.durationSeconds, "durationSeconds"),
    role_session_name: entry(target.roleSessionName, "roleSessionName"),
    external_id: entry(target.externalId, "externalId"),
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
    source_identity: entry(target.sourceIdentity, "sourceIdentity"),
    session_tags: target.sessionTags.length
      ? {
        value: target.sessionTags.map((t) => `${t.key}=${t.value}`).join(","),
        from: describeOrigin(target.origins.sessionTags),
      }
      : undefined,
    transitive_session_tags: target.transitiveTagKeys.length
      ? target.transitiveTagKeys.join(",")
      : undefined,
    chain: target.chain.join(" -> "),
    mfa: !target.mfaSerial
      ? "none: the role is assumed without MFA"
      : usesMfaSession(target)
      ? `through the MFA session of profile ${target.sourceProfile} (one code for all its roles)`
      : "a code for every AssumeRole",
    warnings,
  };
  await deps.writeStdout(log.redact(JSON.stringify(shown, null, 2)) + "\n");
}
