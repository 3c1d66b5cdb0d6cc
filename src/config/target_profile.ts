/**
 * Resolves the profile named by `--profile` into everything `assume` needs, validating every
 * value and naming file, profile and key when one is wrong.
 *
 * @module
 */

import { sourceKind } from "./source_kind.ts";
import type { Deps } from "../deps.ts";
import { ConfigError } from "../errors.ts";
import { shown } from "../text/terminal_text.ts";
import { chainText, effectiveSettings } from "./include_profile.ts";
import { parseSessionTags, parseTransitiveTagKeys, type SessionTag } from "./session_tags.ts";
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
  /**
   * When `vegas_source_profile` names another vegas profile, that profile, resolved: this
   * profile's role is assumed with its credentials (role chaining).
   */
  sourceVegas?: TargetProfile;
  /** The profiles from this one down to the one holding credentials, for messages. */
  chain: string[];
  /**
   * A profile with `mfa_serial` and no role (`assume --profile default`): its credentials are its
   * MFA session (GetSessionToken), the one its roles share. `roleArn` is empty.
   */
  sessionOnly?: boolean;
  region: string;
  durationSeconds: number;
  roleSessionName: string;
  externalId?: string;
  sourceIdentity?: string;
  sessionTags: SessionTag[];
  transitiveTagKeys: string[];
  /** From the target profile, else the source profile (not through a vegas source). */
  mfaSerial?: string;
  /** A command whose stdout is the MFA code; from the target, else the source profile. */
  mfaProcess?: string;
  /** `vegas_yubikey_serial`: which YubiKey, when several are plugged in. */
  yubikeySerial?: string;
  /** `vegas_yubikey_label`: the OATH account; default the `mfa_serial`. */
  yubikeyLabel?: string;
  /** `vegas_mfa_timeout` in seconds: how long to wait for an MFA code. */
  mfaTimeoutSeconds: number;
  /** `vegas_mfa_session` (default on): share one GetSessionToken MFA session between roles. */
  mfaSession: boolean;
  /** `vegas_mfa_session_duration` in seconds (default 8 h). */
  mfaSessionDurationSeconds: number;
  /** Whether the source profile's config names a long-term access key (`AKIA…`). */
  sourceHasLongTermKey: boolean;
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
      `${where(value)}: profile "${shown(profileName, 80)}": ${key} "${
        shown(value.value, 80)
      }" ${problem}`,
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

/** Options of {@link resolveTargetProfile}. */
export interface ResolveOptions {
  /** The OS user name, for the default session name. */
  userName?: string;
  /** Profiles already on the chain above this one (loop detection). */
  above?: string[];
}

/**
 * The most vegas profiles one chain may hold: each hop is an AssumeRole call, so a deeper chain is
 * a mistake, and a planted one would otherwise recurse thousands of levels.
 */
export const MAX_CHAIN_PROFILES = 16;

/** The longest role session AWS allows for a role assumed with temporary credentials. */
export const CHAINED_ROLE_MAX_SECONDS = 3600;
/** The MFA session lifetime when `vegas_mfa_session_duration` is not set. */
export const DEFAULT_MFA_SESSION_SECONDS = 8 * 3600;

/** Parses `8h`, `90m`, `3600s` or `3600` into seconds; NaN when malformed. */
export function parseDurationText(text: string): number {
  const match = /^(\d+)\s*([smh]?)$/.exec(text.trim());
  if (!match) return NaN;
  return Number(match[1]) * ({ "": 1, s: 1, m: 60, h: 3600 } as Record<string, number>)[match[2]];
}

function checkMfaSessionDuration(text: string): string | undefined {
  const seconds = parseDurationText(text);
  if (seconds >= 900 && seconds <= 129600) return undefined;
  return "is not a duration from 15m to 36h (e.g. 8h, 90m or 28800)";
}

function checkBoolean(text: string): string | undefined {
  return /^(true|false)$/i.test(text) ? undefined : "must be true or false";
}

function checkSourceIdentity(text: string): string | undefined {
  if (/^[\w+=,.@-]{2,64}$/.test(text) && !/^aws:/i.test(text)) return undefined;
  return "must be 2 to 64 characters of letters, digits and +=,.@_- and not start with aws:";
}

/** Resolves and validates the target profile `name`, and the chain of vegas profiles below it. */
export function resolveTargetProfile(
  config: SharedConfig,
  name: string,
  deps: Pick<Deps, "env">,
  options: ResolveOptions = {},
): TargetProfile {
  const above = options.above ?? [];
  requireProfile(config, name);
  const target = effectiveSettings(config, name)!;
  // A profile with an MFA device and no role of its own hands out its MFA session itself: its
  // own credential_process gives AWS tools that read it short-lived credentials too.
  const sessionOnly = above.length === 0 && !target.has("vegas_role_arn") &&
    !target.has("role_arn") && target.has("mfa_serial");
  const self: ConfigValue = { value: name, profile: name, file: fileOf(config, target), line: 0 };
  const roleArn = sessionOnly ? { ...self, value: "" } : checked(
    name,
    "vegas_role_arn",
    required(config, name, target, "vegas_role_arn", "the ARN of the IAM role to assume"),
    checkRoleArn,
  )!;
  const sourceName = sessionOnly ? self : required(
    config,
    name,
    target,
    "vegas_source_profile",
    "the profile whose credentials assume the role, e.g. default",
  );
  if (!sessionOnly && sourceName.value === name) {
    throw new ConfigError(
      `${where(sourceName)}: profile "${name}": vegas_source_profile names the profile itself; ` +
        `set it to the profile that holds your long-term credentials, e.g. default`,
    );
  }
  const chainSoFar = [...above, name];
  if (above.includes(sourceName.value)) {
    throw new ConfigError(
      `${where(sourceName)}: profile "${name}": the vegas_source_profile chain loops: ` +
        `${chainText([...chainSoFar, sourceName.value])}; point one of them at a profile with ` +
        `credentials`,
    );
  }
  if (chainSoFar.length >= MAX_CHAIN_PROFILES && config.profiles.get(sourceName.value)) {
    if (effectiveSettings(config, sourceName.value)?.has("vegas_role_arn")) {
      throw new ConfigError(
        `${where(sourceName)}: profile "${chainSoFar[0]}": its vegas_source_profile chain holds ` +
          `more than ${MAX_CHAIN_PROFILES} vegas profiles (${
            chainText([...chainSoFar, sourceName.value])
          }); point a profile nearer the top at one with credentials`,
      );
    }
  }
  const source = effectiveSettings(config, sourceName.value);
  if (!source) {
    const chainNote = above.length > 0
      ? ` (chain: ${chainText([...chainSoFar, sourceName.value])})`
      : "";
    throw new ConfigError(
      `${where(sourceName)}: profile "${name}": vegas_source_profile "${sourceName.value}" names ` +
        `no profile in ${config.configFile} or ${config.credentialsFile}${chainNote}`,
    );
  }
  const isFinal = above.length === 0;
  const sourceVegas = source.has("vegas_role_arn")
    ? resolveTargetProfile(config, sourceName.value, deps, { ...options, above: chainSoFar })
    : undefined;
  const origins: Record<string, Origin> = { roleArn, sourceProfile: sourceName };

  const own = (key: string, check: (text: string) => string | undefined = () => undefined) =>
    checked(name, key, target.get(key), check);
  // Settings a target may take from its source; not across a vegas source (its MFA device and
  // options serve the hop below, not this one).
  const fromEither = (
    key: string,
    check: (text: string) => string | undefined = () => undefined,
  ) => {
    const value = own(key, check);
    if (value || sourceVegas) return value;
    return checked(sourceName.value, key, source.get(key), check);
  };
  const envOverride = (
    variable: string,
    key: string,
    check: (text: string) => string | undefined,
  ) => {
    const value = isFinal ? deps.env(variable) : undefined;
    if (value === undefined || value === "") return undefined;
    const problem = check(value);
    if (problem) {
      throw new ConfigError(`Environment variable ${variable} "${value}" (for ${key}) ${problem}`);
    }
    return value;
  };

  const regionValue = own("region", checkRegion) ??
    checked(sourceName.value, "region", source.get("region"), checkRegion);
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

  const duration = own("duration_seconds", checkDuration);
  origins.durationSeconds = duration ?? "default";
  const durationSeconds = duration ? Number(duration.value) : DEFAULT_DURATION_SECONDS;
  if (sourceVegas && durationSeconds > CHAINED_ROLE_MAX_SECONDS) {
    throw new ConfigError(
      `${
        where(duration!)
      }: profile "${name}": duration_seconds ${durationSeconds} is more than AWS ` +
        `allows for a role assumed with another role's credentials (role chaining: ` +
        `${chainText([...chainSoFar, sourceName.value])}), 3600 s; lower it to 3600 or less`,
    );
  }

  const sessionNameEnv = envOverride(
    "AWS_ROLE_SESSION_NAME",
    "role_session_name",
    checkSessionName,
  );
  const sessionName = own("role_session_name", checkSessionName);
  origins.roleSessionName = sessionNameEnv ? "environment" : sessionName ?? "default";

  const externalId = own("external_id", checkExternalId);
  if (externalId) origins.externalId = externalId;

  const sourceIdentityEnv = envOverride(
    "AWS_SOURCE_IDENTITY",
    "source_identity",
    checkSourceIdentity,
  );
  const sourceIdentity = own("source_identity", checkSourceIdentity);
  if (sourceIdentityEnv || sourceIdentity) {
    origins.sourceIdentity = sourceIdentityEnv ? "environment" : sourceIdentity!;
  }

  const tagsCheck = (text: string) => {
    const parsed = parseSessionTags(text);
    return typeof parsed === "string" ? `is not a list of key=value tags: ${parsed}` : undefined;
  };
  const transitiveCheck = (text: string) => {
    const parsed = parseTransitiveTagKeys(text);
    return typeof parsed === "string" ? `is not a list of tag keys: ${parsed}` : undefined;
  };
  const tagsText = envOverride("AWS_SESSION_TAGS", "session_tags", tagsCheck) ??
    own("session_tags", tagsCheck)?.value;
  const transitiveText =
    envOverride("AWS_TRANSITIVE_TAGS", "transitive_session_tags", transitiveCheck) ??
      own("transitive_session_tags", transitiveCheck)?.value;
  const sessionTags = tagsText ? parseSessionTags(tagsText) as SessionTag[] : [];
  const transitiveTagKeys = transitiveText
    ? parseTransitiveTagKeys(transitiveText) as string[]
    : [];
  if (sessionTags.length) origins.sessionTags = target.get("session_tags") ?? "environment";
  for (const key of transitiveTagKeys) {
    if (!sessionTags.some((tag) => tag.key === key)) {
      throw new ConfigError(
        `Profile "${name}": transitive_session_tags names "${key}", which is not in session_tags; ` +
          `add it to session_tags or remove it`,
      );
    }
  }

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
  const mfaSession = fromEither("vegas_mfa_session", checkBoolean);
  origins.mfaSession = mfaSession ?? "default";
  const mfaSessionDuration = fromEither("vegas_mfa_session_duration", checkMfaSessionDuration);
  origins.mfaSessionDurationSeconds = mfaSessionDuration ?? "default";

  return {
    name,
    roleArn: roleArn.value,
    sourceProfile: sourceName.value,
    sourceVegas,
    chain: sourceVegas
      ? [name, ...sourceVegas.chain]
      : sessionOnly
      ? [name]
      : [name, sourceName.value],
    region,
    durationSeconds,
    roleSessionName: sessionNameEnv ?? sessionName?.value ?? sessionNameFromUser(options.userName),
    externalId: externalId?.value,
    sourceIdentity: sourceIdentityEnv ?? sourceIdentity?.value,
    sessionTags,
    transitiveTagKeys,
    mfaSerial: mfaSerial?.value,
    mfaProcess: mfaProcess?.value,
    yubikeySerial: yubikeySerial?.value,
    yubikeyLabel: yubikeyLabel?.value,
    mfaTimeoutSeconds: mfaTimeout ? Number(mfaTimeout.value) : DEFAULT_MFA_TIMEOUT_SECONDS,
    mfaSession: mfaSession ? mfaSession.value.toLowerCase() === "true" : true,
    mfaSessionDurationSeconds: mfaSessionDuration
      ? parseDurationText(mfaSessionDuration.value)
      : DEFAULT_MFA_SESSION_SECONDS,
    // Keys kept in the keyring are long-term keys too (`vegas-credentials add` takes no others).
    sessionOnly: sessionOnly || undefined,
    sourceHasLongTermKey: !sourceVegas &&
      (/^AKIA/.test(source.get("aws_access_key_id")?.value ?? "") ||
        sourceKind(source, sourceName.value) === "keyring"),
    origins,
  };
}

/** The root of a chain: the hop whose source holds credentials. */
export function rootOf(target: TargetProfile): TargetProfile {
  let hop = target;
  while (hop.sourceVegas) hop = hop.sourceVegas;
  return hop;
}
