/**
 * The one builder: turns a resolved profile into its provider chain.
 *
 *   source (files / credential_process / SSO)
 *     → the source's MFA session (cached, GetSessionToken), when the role uses one
 *     → the role (cached, AssumeRole)
 *     → the next hop, when a vegas profile is the source of another (role chaining)
 *
 * @module
 */

import {
  ADVISORY_REFRESH_MS,
  decideRefresh,
  MANDATORY_REFRESH_MS,
} from "../cache/refresh_policy.ts";
import { effectiveSettings } from "../config/include_profile.ts";
import { rootOf, type TargetProfile } from "../config/target_profile.ts";
import type { SigningCredentials, TemporaryCredentials } from "../credential_types.ts";
import { isErrorNamed, VegasError } from "../errors.ts";
import { formatExpiration } from "../output/credential_process.ts";
import { formatTimeLeft } from "../output/time_left.ts";
import { shown } from "../text/terminal_text.ts";
import { mfaSessionCacheKey, roleCacheKey, sourceSessionCacheKey } from "./cache_keys.ts";
import { cachedProvider, readCachedCredentials } from "./cached_provider.ts";
import { type CredentialProvider, isLongTermKey, type SigningProvider } from "./provider.ts";
import { roleRequest } from "./role_request.ts";
import { sourceOf } from "./sources/registry.ts";
import type { CredentialServices, MfaCode } from "./services.ts";
import { sessionUsable, usesMfaSession } from "./session_policy.ts";

function maskKeyId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 4)}…${id.slice(-4)}` : "…";
}

/** Whether `target`'s credentials can be renewed now without asking the user anything. */
async function silentRefreshPossible(
  s: CredentialServices,
  target: TargetProfile,
): Promise<boolean> {
  const read = (key: string) => readCachedCredentials(s.cache, key, s.onCacheProblem);
  if (target.sourceVegas) {
    const below = await read(await roleCacheKey(s.config, target.sourceVegas, s.deps));
    if (below && below.expiration.getTime() - s.deps.now() > ADVISORY_REFRESH_MS) return true;
    return silentRefreshPossible(s, target.sourceVegas);
  }
  if (!target.mfaSerial) return true;
  if (!usesMfaSession(target) || !target.sourceHasLongTermKey) return false;
  const session = await read(await mfaSessionCacheKey(s.config, target));
  return Boolean(session && sessionUsable(session.expiration.getTime(), s.deps.now()));
}

/** The source profile's own credentials, logged without a secret. */
function uncachedSourceProvider(s: CredentialServices, target: TargetProfile): SigningProvider {
  return async () => {
    const source = await s.sts.sourceCredentials(target);
    s.log.addSecret(source.secretAccessKey);
    if (source.sessionToken) s.log.addSecret(source.sessionToken);
    s.log.info(
      `Source profile ${target.sourceProfile}: ${
        isLongTermKey(source) ? "long-term" : "temporary"
      } access key ${maskKeyId(source.accessKeyId)}`,
    );
    return source;
  };
}

/**
 * The marks of entries whose credentials come from an SSO session, so that `sso logout` finds
 * them: the session's token cache key.
 */
export function ssoTags(
  s: Pick<CredentialServices, "config">,
  target: TargetProfile,
): Record<string, string> | undefined {
  const root = rootOf(target);
  const settings = effectiveSettings(s.config, root.sourceProfile);
  if (!settings || sourceOf(settings, root.sourceProfile).kind !== "sso") return undefined;
  const key = settings.get("sso_session")?.value ?? settings.get("sso_start_url")?.value;
  return key === undefined ? undefined : { sso: key };
}

/** Whether cached credentials that expire at `expiresAt` are served, by the refresh policy. */
function servableNow(s: CredentialServices, expiresAt: number, silent: boolean): boolean {
  return decideRefresh(expiresAt, s.deps.now(), {
    disableMandatoryRefresh: s.disableMandatoryRefresh,
    silentRefreshPossible: silent,
  }) === "serve";
}

/**
 * The source profile's credentials: for a source that hands out temporary credentials of its
 * own (SSO, web identity), cached and shared by every profile over it; else fetched each time
 * (keys, keyring and a source's own process are not AWS calls worth caching).
 */
async function sourceProvider(
  s: CredentialServices,
  target: TargetProfile,
): Promise<SigningProvider> {
  const settings = effectiveSettings(s.config, target.sourceProfile);
  const fetch = uncachedSourceProvider(s, target);
  if (!settings || !sourceOf(settings, target.sourceProfile).temporary) return fetch;
  return cachedProvider({
    cache: s.cache,
    key: await sourceSessionCacheKey(s.config, target, s.deps),
    profile: `${target.sourceProfile} (source)`,
    what: `the credentials of source profile "${target.sourceProfile}"`,
    // A source's credentials are renewed without asking anyone but its issuer.
    servable: (credentials) =>
      Promise.resolve(servableNow(s, credentials.expiration.getTime(), true)),
    fetch: async (call) => {
      const credentials = await fetch(call);
      if (!credentials.sessionToken || !credentials.expiration) {
        throw new VegasError(
          `Source profile "${target.sourceProfile}" handed out credentials without a session ` +
            `token and expiry`,
        );
      }
      refuseExpired(
        s,
        credentials as TemporaryCredentials,
        `the source profile "${target.sourceProfile}"`,
      );
      return credentials as TemporaryCredentials;
    },
    tags: ssoTags(s, target),
    lockTimeoutMs: s.lockTimeoutMs,
    now: s.deps.now,
    onInfo: (message) => s.log.info(message),
    onCacheProblem: s.onCacheProblem,
  });
}

/**
 * The source's MFA session (GetSessionToken with a code), cached and shared by its roles (and
 * by `rotate`, for an IAM policy that demands MFA). `servable` says whether a cached session
 * may be used; by default, while more than a minute is left.
 */
export async function mfaSessionProvider(
  s: CredentialServices,
  target: TargetProfile,
  getSource: () => Promise<SigningCredentials>,
  servable: (session: TemporaryCredentials) => boolean = (session) =>
    sessionUsable(session.expiration.getTime(), s.deps.now()),
): Promise<{ provider: CredentialProvider; key: string }> {
  const key = await mfaSessionCacheKey(s.config, target);
  const provider = cachedProvider({
    cache: s.cache,
    key,
    profile: `${target.sourceProfile} (MFA session)`,
    what: `the MFA session of profile "${target.sourceProfile}"`,
    servable: (session) => Promise.resolve(servable(session)),
    fetch: async () => {
      const source = await getSource();
      if (!isLongTermKey(source)) {
        throw new VegasError(
          `Profile "${target.sourceProfile}" has temporary credentials, and an MFA session ` +
            `(GetSessionToken) needs a long-term access key (AKIA…); use a profile with ` +
            `vegas_role_arn to assume a role with them`,
        );
      }
      return await s.withMfaCode(target, async (mfa) => {
        const session = await s.sts.getSessionToken(target, source, mfa);
        s.log.addSecret(session.secretAccessKey);
        s.log.addSecret(session.sessionToken);
        refuseExpired(
          s,
          session,
          `GetSessionToken for the MFA session of "${target.sourceProfile}"`,
        );
        s.log.info(
          `Started the MFA session of profile ${target.sourceProfile}, valid until ` +
            formatExpiration(session.expiration),
        );
        return session;
      });
    },
    lockTimeoutMs: s.lockTimeoutMs,
    now: s.deps.now,
    onInfo: (message) => s.log.info(message),
    onCacheProblem: s.onCacheProblem,
  });
  return { provider, key };
}

/** AssumeRole for `target` with `credentials`, and an MFA code when given. */
async function assume(
  s: CredentialServices,
  target: TargetProfile,
  credentials: SigningCredentials,
  mfa?: MfaCode,
): Promise<TemporaryCredentials> {
  const result = await s.sts.assumeRole(target, roleRequest(target), credentials, mfa);
  s.log.addSecret(result.secretAccessKey);
  s.log.addSecret(result.sessionToken);
  refuseExpired(s, result, `AssumeRole for profile "${target.name}"`);
  return result;
}

/**
 * Refuses credentials that arrive already expired or inside the mandatory refresh window: they
 * would be useless, and fetched again on every call. The usual cause is a wrong clock.
 */
function refuseExpired(s: CredentialServices, credentials: TemporaryCredentials, what: string) {
  const left = credentials.expiration.getTime() - s.deps.now();
  if (left > MANDATORY_REFRESH_MS) return;
  throw new VegasError(
    `AWS STS answered ${what} with credentials that ${
      left <= 0 ? "have already expired" : "expire in under 10 minutes"
    } (at ${formatExpiration(credentials.expiration)}); check this machine's clock, ` +
      `or ask for a longer duration_seconds`,
  );
}

/** Whether an AssumeRole failure means the MFA session it was signed with is no longer valid. */
function sessionRejected(error: unknown): boolean {
  return isErrorNamed(error, "CredentialsRejectedError");
}

/** The uncached credentials of one hop: signing credentials, MFA when needed, AssumeRole. */
function roleFetcher(
  s: CredentialServices,
  target: TargetProfile,
  below: CredentialProvider | undefined,
): CredentialProvider {
  const withMfa = (credentials: SigningCredentials) =>
    s.withMfaCode(target, (mfa) => assume(s, target, credentials, mfa));
  return async (call) => {
    s.log.info(
      `Fetching credentials for profile ${target.name}: role ${target.roleArn}, source profile ` +
        `${target.sourceProfile}, region ${target.region}`,
    );
    if (below) {
      const credentials = await below(call);
      s.log.info(
        `Profile ${target.name}: chained on the credentials of profile ${target.sourceVegas!.name}`,
      );
      return target.mfaSerial ? withMfa(credentials) : assume(s, target, credentials);
    }
    const source = await (await sourceProvider(s, target))(call);
    if (!target.mfaSerial) {
      s.log.info(`No mfa_serial for profile ${target.name}: assuming the role without MFA`);
      return assume(s, target, source);
    }
    if (!usesMfaSession(target) || !isLongTermKey(source)) {
      if (usesMfaSession(target)) {
        s.log.info("The source credentials are temporary: no MFA session, MFA on AssumeRole");
      }
      return withMfa(source);
    }
    const session = await mfaSessionProvider(s, target, () => Promise.resolve(source));
    const credentials = await session.provider(call);
    try {
      return await assume(s, target, credentials);
    } catch (error) {
      if (!sessionRejected(error)) throw error;
      // AWS ended the session before its time (revoked, or the clock was wrong): start a new one,
      // once.
      s.log.info(
        `The MFA session of profile ${target.sourceProfile} is no longer valid; starting a new one`,
      );
      await s.cache.remove(session.key).catch(() => {});
      return assume(s, target, await session.provider(call));
    }
  };
}

/** The provider chain of `target`: its role credentials, cached, over the hops below it. */
export async function buildProvider(
  s: CredentialServices,
  target: TargetProfile,
): Promise<CredentialProvider> {
  if (target.sessionOnly) {
    // The profile's own MFA session, shared with its roles; renewed, with a code, once fewer
    // than 10 minutes are left, as AWS tools expect of credentials they are handed.
    const session = await mfaSessionProvider(
      s,
      target,
      async () => (await sourceProvider(s, target))(),
      (credentials) =>
        decideRefresh(credentials.expiration.getTime(), s.deps.now(), {
          disableMandatoryRefresh: s.disableMandatoryRefresh,
          silentRefreshPossible: false,
        }) !== "refresh",
    );
    return session.provider;
  }
  // The source's own temporary credentials, as they are (cached by sourceProvider).
  if (target.sourceOnly) return await sourceProvider(s, target) as CredentialProvider;
  const below = target.sourceVegas ? await buildProvider(s, target.sourceVegas) : undefined;
  const key = await roleCacheKey(s.config, target, s.deps);
  let warnedStale = false;
  return cachedProvider({
    cache: s.cache,
    key,
    profile: target.name,
    what: `credentials for profile "${target.name}"`,
    servable: async (credentials) => {
      const expiresAt = credentials.expiration.getTime();
      const left = expiresAt - s.deps.now();
      // Only in botocore's advisory window does it matter whether a refresh would be silent.
      const silent = left > 0 && left <= ADVISORY_REFRESH_MS
        ? await silentRefreshPossible(s, target)
        : false;
      const decision = decideRefresh(expiresAt, s.deps.now(), {
        disableMandatoryRefresh: s.disableMandatoryRefresh,
        silentRefreshPossible: silent,
      });
      s.log.debug(
        `Cached credentials for ${target.name} have ${
          Math.floor(left / 60_000)
        } min left: ${decision}`,
      );
      return decision === "serve";
    },
    fetch: roleFetcher(s, target, below),
    servableAfterFailure: (credentials) =>
      credentials.expiration.getTime() - s.deps.now() >
        (s.disableMandatoryRefresh ? 0 : MANDATORY_REFRESH_MS),
    onServedAfterFailure: (error, credentials) => {
      // Once per run: a server asks on every request.
      if (warnedStale) return;
      warnedStale = true;
      s.log.warn(
        `Cannot refresh the credentials of profile "${target.name}" (${
          shown((error as Error)?.message ?? String(error), 160)
        }); serving the cached ones, valid for ` +
          `${formatTimeLeft(credentials.expiration.getTime() - s.deps.now())} more; the next ` +
          `call tries again`,
      );
    },
    onHit: () => s.log.verbose(`Served cached credentials for profile ${target.name}`),
    tags: ssoTags(s, target),
    lockTimeoutMs: s.lockTimeoutMs,
    now: s.deps.now,
    onInfo: (message) => s.log.info(message),
    onCacheProblem: s.onCacheProblem,
  });
}
