/**
 * Credentials of one vegas profile (one hop of a chain), through the encrypted cache: served when
 * fresh enough, else fetched under the entry's lock after checking again (a parallel caller may
 * have filled it). Also the cached MFA session shared by the roles of one source profile.
 *
 * On the cache-hit path: imports nothing heavy; the miss path loads lazily.
 *
 * @module
 */

import { cacheKey } from "../cache/cache_key.ts";
import {
  type CacheEntry,
  type CredentialCache,
  LockTimeoutError,
} from "../cache/credential_cache.ts";
import { ADVISORY_REFRESH_MS, decideRefresh } from "../cache/refresh_policy.ts";
import type { SharedConfig } from "../config/shared_config.ts";
import type { TargetProfile } from "../config/target_profile.ts";
import type { TemporaryCredentials } from "../credentials.ts";
import type { Deps } from "../deps.ts";
import { VegasError } from "../errors.ts";
import { importLazily } from "../lazy_import.ts";
import type { Logger } from "../log.ts";
import { stsEndpoint } from "../sts/endpoint.ts";

/** Everything a run shares while it gets credentials. */
export interface AssumeContext {
  deps: Deps;
  log: Logger;
  config: SharedConfig;
  cache: CredentialCache;
  /** Colour allowed on the terminal prompt. */
  color: boolean;
  noGui: boolean;
  disableMandatoryRefresh: boolean;
  /** The first reason the cache could not be used; reported once by the caller. */
  cacheProblem?: string;
}

/** How long a caller waits for a parallel caller that holds an entry's lock, by default. */
export const DEFAULT_LOCK_TIMEOUT_MS = 120_000;
/** An MFA session is used while it has more than this left. */
const SESSION_MARGIN_MS = 60_000;
/** Keys of a source profile that are secret and must not feed a cache key. */
const SECRET_KEYS = new Set(["aws_secret_access_key", "aws_session_token"]);

/** A source profile's identity for cache keys: its name and non-secret settings. */
function sourceIdentity(config: SharedConfig, name: string): Record<string, unknown> {
  const settings = config.profiles.get(name);
  return {
    profile: name,
    settings: Object.fromEntries(
      [...(settings ?? [])].filter(([key]) => !SECRET_KEYS.has(key)).map((
        [key, { value }],
      ) => [key, value]),
    ),
  };
}

/** Everything that determines the credentials of `target`, for its cache key. */
export function cacheKeyParts(
  config: SharedConfig,
  target: TargetProfile,
  deps: Pick<Deps, "env">,
): Record<string, unknown> {
  return {
    version: 1,
    profile: target.name,
    roleArn: target.roleArn,
    roleSessionName: target.roleSessionName,
    durationSeconds: target.durationSeconds,
    externalId: target.externalId,
    sourceIdentity: target.sourceIdentity,
    sessionTags: target.sessionTags,
    transitiveTagKeys: target.transitiveTagKeys,
    region: target.region,
    endpoint: stsEndpoint(target.region, deps),
    mfaSerial: target.mfaSerial,
    source: target.sourceVegas
      ? { vegas: cacheKeyParts(config, target.sourceVegas, deps) }
      : sourceIdentity(config, target.sourceProfile),
  };
}

/** Whether `target`'s role is assumed through the source's shared MFA session. */
export function usesMfaSession(target: TargetProfile): boolean {
  return Boolean(
    target.mfaSerial && target.mfaSession && !target.sourceVegas &&
      target.durationSeconds <= 3600,
  );
}

/** The cache key of the MFA session of `target`'s source profile and device. */
export function mfaSessionKey(config: SharedConfig, target: TargetProfile): Promise<string> {
  return cacheKey({
    version: 1,
    kind: "mfa-session",
    source: sourceIdentity(config, target.sourceProfile),
    mfaSerial: target.mfaSerial,
    durationSeconds: target.mfaSessionDurationSeconds,
  });
}

function credentialsFromEntry(entry: CacheEntry | undefined): TemporaryCredentials | undefined {
  const data = entry?.data as Record<string, unknown> | undefined;
  if (
    typeof data?.accessKeyId !== "string" || typeof data.secretAccessKey !== "string" ||
    typeof data.sessionToken !== "string"
  ) {
    return undefined;
  }
  return {
    accessKeyId: data.accessKeyId,
    secretAccessKey: data.secretAccessKey,
    sessionToken: data.sessionToken,
    expiration: new Date(entry!.expiresAt),
  };
}

/** A short reason for a file system error. */
function fileErrorReason(error: unknown): string {
  if (error instanceof Deno.errors.NotADirectory) return "a parent path is not a directory";
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (error instanceof Deno.errors.IsADirectory) return "a directory is in the way";
  return error instanceof Error ? error.message : String(error);
}

function lockTimeoutMs(deps: Pick<Deps, "env">): number {
  const seconds = Number(deps.env("VEGAS_CREDENTIALS_LOCK_TIMEOUT"));
  return seconds > 0 ? seconds * 1000 : DEFAULT_LOCK_TIMEOUT_MS;
}

/** Reads a cache entry's credentials; cache trouble is recorded, not thrown. */
async function readCached(
  ctx: AssumeContext,
  key: string,
): Promise<TemporaryCredentials | undefined> {
  try {
    return credentialsFromEntry(await ctx.cache.read(key));
  } catch (error) {
    noteCacheProblem(ctx, error);
    return undefined;
  }
}

function noteCacheProblem(ctx: AssumeContext, error: unknown): void {
  ctx.cacheProblem ??= fileErrorReason(error);
  ctx.log.debug(`Credentials cache: ${(error as Error).message}`);
}

/** Whether `target`'s credentials can be renewed without asking the user anything now. */
async function silentRefreshPossible(ctx: AssumeContext, target: TargetProfile): Promise<boolean> {
  if (target.sourceVegas) {
    const below = await readCached(
      ctx,
      await cacheKey(cacheKeyParts(ctx.config, target.sourceVegas, ctx.deps)),
    );
    if (below && below.expiration.getTime() - ctx.deps.now() > ADVISORY_REFRESH_MS) return true;
    return silentRefreshPossible(ctx, target.sourceVegas);
  }
  if (!target.mfaSerial) return true;
  if (!usesMfaSession(target) || !target.sourceHasLongTermKey) return false;
  const session = await readCached(ctx, await mfaSessionKey(ctx.config, target));
  return Boolean(session && session.expiration.getTime() - ctx.deps.now() > SESSION_MARGIN_MS);
}

/** Cached credentials of `key` if the refresh policy serves them now. */
async function servable(
  ctx: AssumeContext,
  key: string,
  target: TargetProfile,
): Promise<TemporaryCredentials | undefined> {
  const credentials = await readCached(ctx, key);
  if (!credentials) return undefined;
  const expiresAt = credentials.expiration.getTime();
  const left = expiresAt - ctx.deps.now();
  // Only in botocore's advisory window does it matter whether a refresh would be silent.
  const silent = left > 0 && left <= ADVISORY_REFRESH_MS
    ? await silentRefreshPossible(ctx, target)
    : false;
  const decision = decideRefresh(expiresAt, ctx.deps.now(), {
    disableMandatoryRefresh: ctx.disableMandatoryRefresh,
    silentRefreshPossible: silent,
  });
  ctx.log.debug(
    `Cached credentials for ${target.name} have ${Math.floor(left / 60_000)} min left: ${decision}`,
  );
  return decision === "serve" ? credentials : undefined;
}

/**
 * Runs `fetch` under the lock of `key`, unless a parallel caller filled the entry meanwhile; then
 * caches what `fetch` returned. `fresh` decides whether a cached value is good enough.
 */
export async function underLock(
  ctx: AssumeContext,
  key: string,
  what: string,
  fresh: () => Promise<TemporaryCredentials | undefined>,
  fetch: () => Promise<TemporaryCredentials>,
  profile: string,
): Promise<TemporaryCredentials> {
  let release = () => {};
  try {
    release = await ctx.cache.lock(key, lockTimeoutMs(ctx.deps));
  } catch (error) {
    if (error instanceof LockTimeoutError) {
      throw new VegasError(
        `Another vegas-credentials process has been getting ${what} for ` +
          `${
            Math.round(lockTimeoutMs(ctx.deps) / 1000)
          } s (waiting for an MFA code?); answer its ` +
          `prompt, or stop it, and try again`,
      );
    }
    noteCacheProblem(ctx, error);
  }
  try {
    const filled = await fresh();
    if (filled) {
      ctx.log.info(
        `${what[0].toUpperCase()}${what.slice(1)} were just fetched by a parallel caller`,
      );
      return filled;
    }
    const credentials = await fetch();
    try {
      await ctx.cache.write(key, {
        profile,
        expiresAt: credentials.expiration.getTime(),
        createdAt: ctx.deps.now(),
        data: {
          accessKeyId: credentials.accessKeyId,
          secretAccessKey: credentials.secretAccessKey,
          sessionToken: credentials.sessionToken,
        },
      });
    } catch (error) {
      noteCacheProblem(ctx, error);
    }
    return credentials;
  } finally {
    release();
  }
}

/** The MFA session of `target`'s source, if one is cached with time left. */
export async function cachedMfaSession(
  ctx: AssumeContext,
  target: TargetProfile,
): Promise<TemporaryCredentials | undefined> {
  const session = await readCached(ctx, await mfaSessionKey(ctx.config, target));
  return session && session.expiration.getTime() - ctx.deps.now() > SESSION_MARGIN_MS
    ? session
    : undefined;
}

/** The credentials of `target`: cached when fresh enough, else fetched and cached. */
export async function roleCredentials(
  ctx: AssumeContext,
  target: TargetProfile,
): Promise<TemporaryCredentials> {
  const key = await cacheKey(cacheKeyParts(ctx.config, target, ctx.deps));
  const hit = await servable(ctx, key, target);
  if (hit) {
    ctx.log.verbose(`Served cached credentials for profile ${target.name}`);
    return hit;
  }
  // A miss: load the miss path (MFA sources; it starts the SDK's import) while taking the lock.
  const missPath = importLazily<typeof import("./fetch_credentials.ts")>(
    new URL("./fetch_credentials.ts", import.meta.url),
  );
  missPath.catch(() => {});
  return underLock(
    ctx,
    key,
    `credentials for profile "${target.name}"`,
    () => servable(ctx, key, target),
    async () => (await missPath).fetchCredentials(ctx, target),
    target.name,
  );
}
