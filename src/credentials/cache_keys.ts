/**
 * The cache keys of a profile's role credentials and of its source's MFA session: hashes of
 * everything that determines them. The role's key hashes the AssumeRole request object itself
 * (see role_request.ts).
 *
 * @module
 */

import { cacheKey } from "../cache/cache_key.ts";
import type { ProfileSettings, SharedConfig } from "../config/shared_config.ts";
import type { TargetProfile } from "../config/target_profile.ts";
import type { Deps } from "../deps.ts";
import { stsEndpoint } from "../sts/endpoint.ts";
import { roleRequest } from "./role_request.ts";

/** Bumped whenever the parts change meaning: older entries then simply miss. */
const KEY_VERSION = 2;
/** Keys of a source profile that are secret and must not feed a cache key. */
const SECRET_KEYS = new Set(["aws_secret_access_key", "aws_session_token"]);

/** Non-secret settings as a plain object. */
function visibleSettings(settings: ProfileSettings | undefined): Record<string, string> {
  const visible = [...(settings ?? [])].filter(([key]) => !SECRET_KEYS.has(key));
  return Object.fromEntries(visible.map(([key, { value }]) => [key, value]));
}

/**
 * A source profile's identity for cache keys: its name and non-secret settings, and those of the
 * `[sso-session]` it names, if any.
 */
function sourceIdentity(config: SharedConfig, name: string): Record<string, unknown> {
  const settings = config.profiles.get(name);
  const session = settings?.get("sso_session")?.value;
  return {
    profile: name,
    settings: visibleSettings(settings),
    ...(session === undefined
      ? {}
      : { ssoSession: visibleSettings(config.profiles.get(`sso-session.${session}`)) }),
  };
}

/**
 * The cache key of the temporary credentials a source hands out itself (SSO, web identity),
 * shared by every profile over it.
 */
export function sourceSessionCacheKey(
  config: SharedConfig,
  target: TargetProfile,
  deps: Pick<Deps, "env">,
): Promise<string> {
  return cacheKey({
    version: 1,
    kind: "source-session",
    source: sourceIdentity(config, target.sourceProfile),
    region: target.region,
    endpoints: ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SSO"].map((name) =>
      deps.env(name) ?? null
    ),
  });
}

/** Everything that determines the role credentials of `target`. */
export function roleKeyParts(
  config: SharedConfig,
  target: TargetProfile,
  deps: Pick<Deps, "env">,
): Record<string, unknown> {
  return {
    version: KEY_VERSION,
    profile: target.name,
    request: roleRequest(target),
    mfaSerial: target.mfaSerial,
    region: target.region,
    endpoint: stsEndpoint(target.region, deps),
    source: target.sourceVegas
      ? { vegas: roleKeyParts(config, target.sourceVegas, deps) }
      : sourceIdentity(config, target.sourceProfile),
  };
}

/**
 * The cache key of `target`'s role credentials; for a profile that passes on its source's
 * credentials ({@link TargetProfile.sourceOnly}), the source's.
 */
export function roleCacheKey(
  config: SharedConfig,
  target: TargetProfile,
  deps: Pick<Deps, "env">,
): Promise<string> {
  if (target.sourceOnly) return sourceSessionCacheKey(config, target, deps);
  return cacheKey(roleKeyParts(config, target, deps));
}

/** The cache key of the MFA session of `target`'s source profile and device. */
export function mfaSessionCacheKey(config: SharedConfig, target: TargetProfile): Promise<string> {
  return cacheKey({
    version: 1,
    kind: "mfa-session",
    source: sourceIdentity(config, target.sourceProfile),
    mfaSerial: target.mfaSerial,
    durationSeconds: target.mfaSessionDurationSeconds,
  });
}
