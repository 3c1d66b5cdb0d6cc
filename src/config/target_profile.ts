/**
 * Resolves the profile named by `--profile` into everything `assume` needs, validating every
 * value and naming file, profile and key when one is wrong.
 *
 * @module
 */

import type { Deps } from "../deps.ts";
import { ConfigError } from "../errors.ts";
import type { ConfigValue, ProfileSettings, SharedConfig } from "./shared_config.ts";
import {
  checkDuration,
  checkExternalId,
  checkMfaSerial,
  checkMfaTimeout,
  checkRegion,
  checkRoleArn,
  checkSessionName,
  checkYubikeySerial,
  sessionNameFromUser,
} from "./validate.ts";

/** Where a resolved setting came from. */
export type Origin = ConfigValue | "default" | "environment";

/** A profile that `vegas-credentials assume` can act on. */
export interface TargetProfile {
  name: string;
  roleArn: string;
  sourceProfile: string;
  region: string;
  durationSeconds: number;
  roleSessionName: string;
  externalId?: string;
  /** From the target profile, else the source profile. Absent: AssumeRole without MFA. */
  mfaSerial?: string;
  /** A command whose stdout is the MFA code; from the target, else the source profile. */
  mfaProcess?: string;
  /** `vegas_yubikey_serial`: which YubiKey, when several are plugged in. */
  yubikeySerial?: string;
  /** `vegas_yubikey_label`: the OATH account; default the `mfa_serial`. */
  yubikeyLabel?: string;
  /** `vegas_mfa_timeout` in seconds: how long to wait for an MFA code. */
  mfaTimeoutSeconds: number;
  /** Where each of the settings above came from, for `config show-profile`. */
  origins: Record<string, Origin>;
}

/** Describes where a setting came from, for messages. */
export function describeOrigin(origin: Origin | undefined): string {
  if (origin === undefined || origin === "default") return "default";
  if (origin === "environment") return "environment";
  return `profile "${origin.profile}" in ${origin.file} line ${origin.line}`;
}

/** The AWS region used when neither the profiles nor the environment name one. */
export const DEFAULT_REGION = "us-east-1";
/** How long to wait for an MFA code when `vegas_mfa_timeout` is not set. */
export const DEFAULT_MFA_TIMEOUT_SECONDS = 60;
/** The role session length when `duration_seconds` is not set. */
export const DEFAULT_DURATION_SECONDS = 3600;

function where(value: ConfigValue): string {
  return `${value.file} line ${value.line}`;
}

function missingProfileMessage(config: SharedConfig, name: string): string {
  const files = `${config.configFile} or ${config.credentialsFile}`;
  const broken = config.ignoredHeaders.find((header) => header.text.includes(name));
  const hint = broken
    ? ` (${broken.file} line ${broken.line}, "${broken.text}", is not a valid section header)`
    : `; add a [profile ${name}] section to ${config.configFile}`;
  return `Profile "${name}" not found in ${files}${hint}`;
}

/** Finds a profile, or throws a message that says where it was looked for. */
export function requireProfile(config: SharedConfig, name: string): ProfileSettings {
  const profile = config.profiles.get(name);
  if (!profile) throw new ConfigError(missingProfileMessage(config, name));
  return profile;
}

function fileOf(config: SharedConfig, profile: ProfileSettings): string {
  const first = profile.values().next().value;
  return first?.file ?? config.configFile;
}

function checked(
  profileName: string,
  key: string,
  value: ConfigValue | undefined,
  check: (text: string) => string | undefined,
): ConfigValue | undefined {
  if (!value) return undefined;
  const problem = check(value.value);
  if (problem) {
    throw new ConfigError(
      `${where(value)}: profile "${profileName}": ${key} "${value.value}" ${problem}`,
    );
  }
  return value;
}

function required(
  config: SharedConfig,
  profileName: string,
  profile: ProfileSettings,
  key: string,
  help: string,
): ConfigValue {
  const value = profile.get(key);
  if (value) return value;
  const plainKey = key.replace(/^vegas_/, "");
  const plain = profile.get(plainKey);
  const advice = plain
    ? `rename ${plainKey} (${where(plain)}) to ${key}: AWS tools ignore credential_process ` +
      `in a profile that has ${plainKey === "role_arn" ? "role_arn" : "role_arn/source_profile"}`
    : `set it to ${help}`;
  throw new ConfigError(
    `Profile "${profileName}" in ${fileOf(config, profile)} has no ${key}; ${advice}`,
  );
}

/** Resolves and validates the target profile `name` and the keys it takes from its source. */
export function resolveTargetProfile(
  config: SharedConfig,
  name: string,
  deps: Pick<Deps, "env">,
  userName?: string,
): TargetProfile {
  const target = requireProfile(config, name);
  const roleArn = checked(
    name,
    "vegas_role_arn",
    required(config, name, target, "vegas_role_arn", "the ARN of the IAM role to assume"),
    checkRoleArn,
  )!;
  const sourceName = required(
    config,
    name,
    target,
    "vegas_source_profile",
    "the profile whose credentials assume the role, e.g. default",
  );
  if (sourceName.value === name) {
    throw new ConfigError(
      `${where(sourceName)}: profile "${name}": vegas_source_profile names the profile itself; ` +
        `set it to the profile that holds your long-term credentials, e.g. default`,
    );
  }
  const source = config.profiles.get(sourceName.value);
  if (!source) {
    throw new ConfigError(
      `${where(sourceName)}: profile "${name}": vegas_source_profile "${sourceName.value}" names ` +
        `no profile in ${config.configFile} or ${config.credentialsFile}`,
    );
  }
  const origins: Record<string, Origin> = { roleArn, sourceProfile: sourceName };

  const fromEither = (key: string, check?: (text: string) => string | undefined) => {
    const own = checked(name, key, target.get(key), check ?? (() => undefined));
    if (own) return own;
    return checked(sourceName.value, key, source.get(key), check ?? (() => undefined));
  };

  const regionValue = fromEither("region", checkRegion);
  let region: string;
  if (regionValue) {
    region = regionValue.value;
    origins.region = regionValue;
  } else {
    const envRegion = deps.env("AWS_REGION") || deps.env("AWS_DEFAULT_REGION");
    if (envRegion && checkRegion(envRegion)) {
      throw new ConfigError(
        `Environment variable AWS_REGION/AWS_DEFAULT_REGION "${envRegion}" ${
          checkRegion(envRegion)
        }`,
      );
    }
    region = envRegion || DEFAULT_REGION;
    origins.region = envRegion ? "environment" : "default";
  }

  const duration = checked(name, "duration_seconds", target.get("duration_seconds"), checkDuration);
  origins.durationSeconds = duration ?? "default";

  const sessionName = checked(
    name,
    "role_session_name",
    target.get("role_session_name"),
    checkSessionName,
  );
  origins.roleSessionName = sessionName ?? "default";

  const externalId = checked(name, "external_id", target.get("external_id"), checkExternalId);
  if (externalId) origins.externalId = externalId;
  const mfaSerial = fromEither("mfa_serial", checkMfaSerial);
  if (mfaSerial) origins.mfaSerial = mfaSerial;
  const mfaProcess = fromEither("mfa_process");
  if (mfaProcess) origins.mfaProcess = mfaProcess;
  const yubikeySerial = fromEither("vegas_yubikey_serial", checkYubikeySerial);
  if (yubikeySerial) origins.yubikeySerial = yubikeySerial;
  const yubikeyLabel = fromEither("vegas_yubikey_label");
  if (yubikeyLabel) origins.yubikeyLabel = yubikeyLabel;
  const mfaTimeout = fromEither("vegas_mfa_timeout", checkMfaTimeout);
  origins.mfaTimeoutSeconds = mfaTimeout ?? "default";

  return {
    name,
    roleArn: roleArn.value,
    sourceProfile: sourceName.value,
    region,
    durationSeconds: duration ? Number(duration.value) : DEFAULT_DURATION_SECONDS,
    roleSessionName: sessionName?.value ?? sessionNameFromUser(userName),
    externalId: externalId?.value,
    mfaSerial: mfaSerial?.value,
    mfaProcess: mfaProcess?.value,
    yubikeySerial: yubikeySerial?.value,
    yubikeyLabel: yubikeyLabel?.value,
    mfaTimeoutSeconds: mfaTimeout ? Number(mfaTimeout.value) : DEFAULT_MFA_TIMEOUT_SECONDS,
    origins,
  };
}
