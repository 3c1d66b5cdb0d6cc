/**
 * Resolves the profile named by `--profile` into everything `assume` needs, validating every
 * value and naming file, profile and key when one is wrong.
 *
 * @module
 */

import { sourceKind, sourceOf } from "../credentials/sources/registry.ts";
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
  /**
   * A profile with no `vegas_role_arn` whose source hands out temporary credentials of its own
   * (SSO, web identity): its credentials are the source's, cached. `roleArn` is empty.
   */
  sourceOnly?: boolean;
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

/**
 * Whether `settings` make a profile of ours: a role to assume (`vegas_role_arn`), or the
 * credentials of a source passed on (`vegas_source_profile` alone).
 */
export function isVegasProfile(settings: ProfileSettings): boolean {
  return settings.has("vegas_role_arn") || settings.has("vegas_source_profile");
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

/** What the setting readers of one profile know. */
interface ReaderContext {
  name: string;
  target: ProfileSettings;
  sourceName: string;
  source: ProfileSettings;
  /** The source is a vegas profile: nothing is taken from it (its settings serve its own hop). */
  viaVegas: boolean;
  /** The profile asked for, not a hop below it: only it takes environment overrides. */
  isFinal: boolean;
}

/** A setting's checker: `undefined` for a good value, else why it is bad. */
type Check = (text: string) => string | undefined;

/** The ways a profile's settings are read, each checked. */
interface SettingReaders extends ReaderContext {
  /** The profile's own value of `key`. */
  own(key: string, check?: Check): ConfigValue | undefined;
  /** The profile's own value, else its source's (not across a vegas source). */
  fromEither(key: string, check?: Check): ConfigValue | undefined;
  /** Environment variable `variable` standing for `key`, for the profile asked for only. */
  envOverride(variable: string, key: string, check: Check): string | undefined;
}

function settingReaders(context: ReaderContext, deps: Pick<Deps, "env">): SettingReaders {
  const own = (key: string, check: Check = () => undefined) =>
    checked(context.name, key, context.target.get(key), check);
  return {
    ...context,
    own,
    fromEither(key, check = () => undefined) {
      const value = own(key, check);
      if (value || context.viaVegas) return value;
      return checked(context.sourceName, key, context.source.get(key), check);
    },
    envOverride(variable, key, check) {
      const value = context.isFinal ? deps.env(variable) : undefined;
      if (value === undefined || value === "") return undefined;
      const problem = check(value);
      if (problem) {
        throw new ConfigError(
          `Environment variable ${variable} "${value}" (for ${key}) ${problem}`,
        );
      }
      return value;
    },
  };
}

/** The region: the profile's, its source's, `AWS_REGION`, `AWS_DEFAULT_REGION`, or the default. */
function regionOf(
  read: SettingReaders,
  origins: Record<string, Origin>,
  deps: Pick<Deps, "env">,
): string {
  const value = read.own("region", checkRegion) ??
    checked(read.sourceName, "region", read.source.get("region"), checkRegion);
  if (value) {
    origins.region = value;
    return value.value;
  }
  const envRegion = deps.env("AWS_REGION") || deps.env("AWS_DEFAULT_REGION");
  if (envRegion && checkRegion(envRegion)) {
    throw new ConfigError(
      `Environment variable AWS_REGION/AWS_DEFAULT_REGION "${envRegion}" ${checkRegion(envRegion)}`,
    );
  }
  origins.region = envRegion ? "environment" : "default";
  return envRegion || DEFAULT_REGION;
}

/** The session tags and transitive tag keys, from the environment or the profile, checked. */
function tagsOf(
  read: SettingReaders,
  origins: Record<string, Origin>,
): { sessionTags: SessionTag[]; transitiveTagKeys: string[] } {
  const tagsCheck = (text: string) => {
    const parsed = parseSessionTags(text);
    return typeof parsed === "string" ? `is not a list of key=value tags: ${parsed}` : undefined;
  };
  const transitiveCheck = (text: string) => {
    const parsed = parseTransitiveTagKeys(text);
    return typeof parsed === "string" ? `is not a list of tag keys: ${parsed}` : undefined;
  };
  const tagsText = read.envOverride("AWS_SESSION_TAGS", "session_tags", tagsCheck) ??
    read.own("session_tags", tagsCheck)?.value;
  const transitiveText =
    read.envOverride("AWS_TRANSITIVE_TAGS", "transitive_session_tags", transitiveCheck) ??
      read.own("transitive_session_tags", transitiveCheck)?.value;
  const sessionTags = tagsText ? parseSessionTags(tagsText) as SessionTag[] : [];
  const transitiveTagKeys = transitiveText
    ? parseTransitiveTagKeys(transitiveText) as string[]
    : [];
  if (sessionTags.length) origins.sessionTags = read.target.get("session_tags") ?? "environment";
  for (const key of transitiveTagKeys) {
    if (!sessionTags.some((tag) => tag.key === key)) {
      throw new ConfigError(
        `Profile "${read.name}": transitive_session_tags names "${key}", which is not in ` +
          `session_tags; add it to session_tags or remove it`,
      );
    }
  }
  return { sessionTags, transitiveTagKeys };
}

/** The role session's name, external id and source identity, with their origins. */
function roleSessionOf(
  read: SettingReaders,
  origins: Record<string, Origin>,
  userName: string | undefined,
): Pick<TargetProfile, "roleSessionName" | "externalId" | "sourceIdentity"> {
  const { own, envOverride } = read;
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

  return {
    roleSessionName: sessionNameEnv ?? sessionName?.value ?? sessionNameFromUser(userName),
    externalId: externalId?.value,
    sourceIdentity: sourceIdentityEnv ?? sourceIdentity?.value,
  };
}

/** The MFA device, its code sources and the MFA session settings, with their origins. */
function mfaSettingsOf(
  read: SettingReaders,
  origins: Record<string, Origin>,
): Pick<
  TargetProfile,
  | "mfaSerial"
  | "mfaProcess"
  | "yubikeySerial"
  | "yubikeyLabel"
  | "mfaTimeoutSeconds"
  | "mfaSession"
  | "mfaSessionDurationSeconds"
> {
  const found = (origin: string, value: ConfigValue | undefined) => {
    if (value) origins[origin] = value;
    return value;
  };
  const withDefault = (origin: string, value: ConfigValue | undefined) => {
    origins[origin] = value ?? "default";
    return value;
  };
  // In this order, so that of two bad values the first in the list is reported.
  const mfaSerial = found("mfaSerial", read.fromEither("mfa_serial", checkMfaSerial));
  const mfaProcess = found("mfaProcess", read.fromEither("mfa_process"));
  const yubikeySerial = found(
    "yubikeySerial",
    read.fromEither("vegas_yubikey_serial", checkYubikeySerial),
  );
  const yubikeyLabel = found("yubikeyLabel", read.fromEither("vegas_yubikey_label"));
  const mfaTimeout = withDefault(
    "mfaTimeoutSeconds",
    read.fromEither("vegas_mfa_timeout", checkMfaTimeout),
  );
  const mfaSession = withDefault("mfaSession", read.fromEither("vegas_mfa_session", checkBoolean));
  const mfaSessionDuration = withDefault(
    "mfaSessionDurationSeconds",
    read.fromEither("vegas_mfa_session_duration", checkMfaSessionDuration),
  );
  return {
    mfaSerial: mfaSerial?.value,
    mfaProcess: mfaProcess?.value,
    yubikeySerial: yubikeySerial?.value,
    yubikeyLabel: yubikeyLabel?.value,
    mfaTimeoutSeconds: mfaTimeout ? Number(mfaTimeout.value) : DEFAULT_MFA_TIMEOUT_SECONDS,
    mfaSession: mfaSession ? mfaSession.value.toLowerCase() === "true" : true,
    mfaSessionDurationSeconds: mfaSessionDuration
      ? parseDurationText(mfaSessionDuration.value)
      : DEFAULT_MFA_SESSION_SECONDS,
  };
}

/**
 * The settings of `sourceName`, the source of profile `name`: not the profile itself, not a loop
 * back up the chain, not a chain deeper than {@link MAX_CHAIN_PROFILES}, and a profile that exists.
 */
function checkedSource(
  config: SharedConfig,
  { name, sourceName, sessionOnly, above }: {
    name: string;
    sourceName: ConfigValue;
    sessionOnly: boolean;
    above: string[];
  },
): ProfileSettings {
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
  return source;
}

/**
 * Whether the profile `vegas_source_profile` of `target` names hands out temporary credentials
 * of its own (SSO, web identity), which a profile without `vegas_role_arn` then passes on.
 */
function sourceIsTemporary(config: SharedConfig, target: ProfileSettings): boolean {
  const name = target.get("vegas_source_profile")?.value;
  if (name === undefined) return false;
  const source = effectiveSettings(config, name);
  return source !== undefined && !source.has("vegas_role_arn") && sourceOf(source, name).temporary;
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
    !target.has("role_arn") && target.has("mfa_serial") && !sourceIsTemporary(config, target);
  const sourceOnly = above.length === 0 && !target.has("vegas_role_arn") &&
    sourceIsTemporary(config, target);
  const self: ConfigValue = { value: name, profile: name, file: fileOf(config, target), line: 0 };
  const roleArn = sessionOnly || sourceOnly ? { ...self, value: "" } : checked(
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
  const chainSoFar = [...above, name];
  const source = checkedSource(config, { name, sourceName, sessionOnly, above });
  const isFinal = above.length === 0;
  const sourceVegas = source.has("vegas_role_arn")
    ? resolveTargetProfile(config, sourceName.value, deps, { ...options, above: chainSoFar })
    : undefined;
  const origins: Record<string, Origin> = { roleArn, sourceProfile: sourceName };

  const read = settingReaders(
    { name, target, sourceName: sourceName.value, source, viaVegas: Boolean(sourceVegas), isFinal },
    deps,
  );
  const { own } = read;
  const region = regionOf(read, origins, deps);

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

  const session = roleSessionOf(read, origins, options.userName);
  const { sessionTags, transitiveTagKeys } = tagsOf(read, origins);

  // A source-only profile's credentials come from its source as they are: no MFA is asked.
  const mfa = sourceOnly
    ? { ...mfaSettingsOf(read, origins), mfaSerial: undefined, mfaProcess: undefined }
    : mfaSettingsOf(read, origins);

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
    ...session,
    sessionTags,
    transitiveTagKeys,
    ...mfa,
    // Keys kept in the keyring are long-term keys too (`vegas-credentials add` takes no others).
    sessionOnly: sessionOnly || undefined,
    sourceOnly: sourceOnly || undefined,
    sourceHasLongTermKey: !sourceVegas &&
      (/^AKIA/.test(source.get("aws_access_key_id")?.value ?? "") ||
        sourceKind(source, sourceName.value) === "keyring"),
    origins,
  };
}

/**
 * Role `roleArn` assumed with `below`'s credentials: a hop of its own on top of that profile
 * (the credential server's `/role-arn/…` route). Role chaining, so at most an hour; the role
 * session name and source identity are `below`'s, and nothing else of it is taken (no MFA, no
 * tags, no external id). Its name, shown by `cache list`, says both.
 */
export function roleOnTop(below: TargetProfile, roleArn: string): TargetProfile {
  const name = `${below.name} → ${roleArn}`;
  return {
    name,
    roleArn,
    sourceProfile: below.name,
    sourceVegas: below,
    chain: [name, ...below.chain],
    region: below.region,
    durationSeconds: Math.min(below.durationSeconds, CHAINED_ROLE_MAX_SECONDS),
    roleSessionName: below.roleSessionName,
    sourceIdentity: below.sourceIdentity,
    sessionTags: [],
    transitiveTagKeys: [],
    mfaTimeoutSeconds: below.mfaTimeoutSeconds,
    mfaSession: false,
    mfaSessionDurationSeconds: below.mfaSessionDurationSeconds,
    sourceHasLongTermKey: false,
    origins: {},
  };
}

/** The root of a chain: the hop whose source holds credentials. */
export function rootOf(target: TargetProfile): TargetProfile {
  let hop = target;
  while (hop.sourceVegas) hop = hop.sourceVegas;
  return hop;
}
