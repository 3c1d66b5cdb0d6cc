/**
 * The cache keys of a profile's role credentials and of its source's MFA session: hashes of
 * everything that determines them. The role's key hashes the AssumeRole request object itself
 * (see role_request.ts).
 *
 * @module
 */

import { cacheKey } from "../cache/cache_key.ts";
import type { SharedConfig } from "../config/shared_config.ts";
import type { TargetProfile } from "../config/target_profile.ts";
import type { Deps } from "../deps.ts";
import { stsEndpoint } from "../sts/endpoint.ts";
import { roleRequest } from "./role_request.ts";

/** Bumped whenever the parts change meaning: older entries then simply miss. */
const KEY_VERSION = 2;
/** Keys of a source profile that are secret and must not feed a cache key. */
const SECRET_KEYS = new Set(["aws_secret_access_key", "aws_session_token"]);

/** A source profile's identity for cache keys: its name and non-secret settings. */
function sourceIdentity(config: SharedConfig, name: string): Record<string, unknown> {
  const settings = config.profiles.get(name);
  const visible = [...(settings ?? [])].filter(([key]) => !SECRET_KEYS.has(key));
  return {
    profile: name,
    settings: Object.fromEntries(visible.map(([key, { value }]) => [key, value])),
  };
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

/** The cache key of `target`'s role credentials. */
export function roleCacheKey(
  config: SharedConfig,
  target: TargetProfile,
  deps: Pick<Deps, "env">,
): Promise<string> {
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
