/**
 * `vegas-credentials assume --profile NAME`: serve credentials from the encrypted cache when
 * they are fresh enough, else take the entry's lock, check again (a parallel caller may have
 * filled it), fetch new ones from STS, cache them, and print them as credential_process JSON.
 *
 * The cache-hit path loads no AWS SDK and no npm module.
 *
 * @module
 */

import { cacheKey } from "../cache/cache_key.ts";
import { type CacheEntry, CredentialCache, LockTimeoutError } from "../cache/credential_cache.ts";
import { decideRefresh } from "../cache/refresh_policy.ts";
import { cacheDir, displayPath } from "../config/paths.ts";
import { loadSharedConfig, type SharedConfig } from "../config/shared_config.ts";
import { resolveTargetProfile, type TargetProfile } from "../config/target_profile.ts";
import type { TemporaryCredentials } from "../credentials.ts";
import type { Deps } from "../deps.ts";
import { VegasError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { credentialProcessJson, formatExpiration } from "../output/credential_process.ts";
import { stsEndpoint } from "../sts/endpoint.ts";
import { importLazily } from "../lazy_import.ts";

/** Options of the assume command. */
export interface AssumeOptions {
  profile: string;
  /** Colour allowed on the terminal prompt. */
  color: boolean;
  disableMandatoryRefresh: boolean;
  /** `--no-gui` / `--disable-dialog`. */
  noGui: boolean;
}

/** How long a caller waits for a parallel caller that holds the entry's lock, by default. */
export const DEFAULT_LOCK_TIMEOUT_MS = 120_000;

/** Keys of a source profile that are secret and must not feed the cache key. */
const SECRET_KEYS = new Set(["aws_secret_access_key", "aws_session_token"]);

/** Everything that determines the credentials of `target`, for the cache key. */
export function cacheKeyParts(
  config: SharedConfig,
  target: TargetProfile,
  endpoint: string,
): Record<string, unknown> {
  const source = config.profiles.get(target.sourceProfile);
  const sourceSettings = Object.fromEntries(
    [...(source ?? [])].filter(([key]) => !SECRET_KEYS.has(key)).map((
      [key, { value }],
    ) => [key, value]),
  );
  return {
    version: 1,
    profile: target.name,
    roleArn: target.roleArn,
    roleSessionName: target.roleSessionName,
    durationSeconds: target.durationSeconds,
    externalId: target.externalId,
    region: target.region,
    endpoint,
    mfaSerial: target.mfaSerial,
    source: { profile: target.sourceProfile, settings: sourceSettings },
  };
}

function credentialsFromEntry(entry: CacheEntry): TemporaryCredentials | undefined {
  const data = entry.data as Record<string, unknown> | undefined;
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
    expiration: new Date(entry.expiresAt),
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

/** Runs `assume`; resolves when the credentials are on stdout. */
export async function assumeCommand(
  options: AssumeOptions,
  deps: Deps,
  log: Logger,
): Promise<void> {
  const cache = new CredentialCache(cacheDir(deps), deps, (message) => log.info(message));
  cache.prepare();
  const config = await loadSharedConfig(deps);
  const target = resolveTargetProfile(config, options.profile, deps, await deps.userName());
  const endpoint = stsEndpoint(target.region, deps);
  const key = await cacheKey(cacheKeyParts(config, target, endpoint));

  // The first reason the cache could not be used; reported once, at the end.
  let cacheProblem: string | undefined;
  const problem = (error: unknown) => {
    cacheProblem ??= fileErrorReason(error);
    log.debug(`Credentials cache: ${(error as Error).message}`);
  };

  const fresh = async (): Promise<TemporaryCredentials | undefined> => {
    let entry: CacheEntry | undefined;
    try {
      entry = await cache.read(key);
    } catch (error) {
      problem(error);
      return undefined;
    }
    const credentials = entry && credentialsFromEntry(entry);
    if (!credentials) return undefined;
    const decision = decideRefresh(entry!.expiresAt, deps.now(), {
      disableMandatoryRefresh: options.disableMandatoryRefresh,
      silentRefreshPossible: false,
    });
    const minutes = Math.floor((entry!.expiresAt - deps.now()) / 60_000);
    log.debug(`Cached credentials for ${target.name} have ${minutes} min left: ${decision}`);
    return decision === "serve" ? credentials : undefined;
  };

  const hit = await fresh();
  if (hit) {
    log.verbose(
      `Served cached credentials for profile ${target.name}, valid until ${
        formatExpiration(hit.expiration)
      }`,
    );
    log.addSecret(hit.secretAccessKey);
    log.addSecret(hit.sessionToken);
    await deps.writeStdout(credentialProcessJson(hit));
    return;
  }

  // A miss: load the miss path (MFA sources; it starts the SDK's import) while taking the lock.
  const missPath = importLazily<typeof import("./fetch_credentials.ts")>(
    new URL("./fetch_credentials.ts", import.meta.url),
  );
  missPath.catch(() => {});
  let release = () => {};
  try {
    release = await cache.lock(key, lockTimeoutMs(deps));
  } catch (error) {
    if (error instanceof LockTimeoutError) {
      throw new VegasError(
        `Another vegas-credentials process has been getting credentials for profile ` +
          `"${target.name}" for ${Math.round(lockTimeoutMs(deps) / 1000)} s (waiting for an MFA ` +
          `code?); answer its prompt, or stop it, and try again`,
      );
    }
    problem(error);
  }
  try {
    // A parallel caller may have filled the cache while we waited for the lock.
    const filled = await fresh();
    if (filled) {
      log.info(`Credentials for ${target.name} were just fetched by a parallel caller`);
      log.addSecret(filled.secretAccessKey);
      log.addSecret(filled.sessionToken);
      await deps.writeStdout(credentialProcessJson(filled));
      return;
    }
    const { fetchCredentials } = await missPath;
    const credentials = await fetchCredentials(
      { config, target, endpoint, color: options.color, noGui: options.noGui },
      deps,
      log,
    );
    try {
      await cache.write(key, {
        profile: target.name,
        expiresAt: credentials.expiration.getTime(),
        createdAt: deps.now(),
        data: {
          accessKeyId: credentials.accessKeyId,
          secretAccessKey: credentials.secretAccessKey,
          sessionToken: credentials.sessionToken,
        },
      });
    } catch (error) {
      problem(error);
    }
    if (cacheProblem) {
      log.warn(
        `Cannot use the credentials cache in ${displayPath(deps, cache.dir)} (${cacheProblem}); ` +
          `the credentials are valid, but the next run will fetch new ones`,
      );
    }
    await deps.writeStdout(credentialProcessJson(credentials));
  } finally {
    release();
  }
}
