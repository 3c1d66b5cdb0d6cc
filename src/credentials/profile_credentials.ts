/**
 * The credentials of a profile by name, for every command: load the config, resolve the
 * profile, build its provider chain over the real STS and MFA sources. Commands call this and
 * format the result; none of them knows about the cache, MFA sessions or chaining.
 *
 * @module
 */

import { CredentialCache } from "../cache/credential_cache.ts";
import { hitMemoKey, MEMO_KIND } from "../cache/hit_memo.ts";
import { lockTimeoutMs } from "../config/env_settings.ts";
import { cacheDir, displayPath } from "../config/paths.ts";
import { loadSharedConfig, type SharedConfig } from "../config/shared_config.ts";
import {
  CHAINED_ROLE_MAX_SECONDS,
  resolveTargetProfile,
  roleOnTop,
  type TargetProfile,
} from "../config/target_profile.ts";
import type { SigningCredentials, TemporaryCredentials } from "../credential_types.ts";
import type { Deps } from "../deps.ts";
import { UsageError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { buildProvider, mfaSessionProvider, ssoTags } from "./build_provider.ts";
import { mfaCodeFlow } from "./mfa_code_flow.ts";
import type { CredentialProvider, ProviderCall } from "./provider.ts";
import type { CredentialServices } from "./services.ts";
import { stsCalls } from "./sts_calls.ts";

/** How the credentials of a profile are got. */
export interface ProfileOptions {
  profile: string;
  /** Colour allowed on the terminal prompt. */
  color: boolean;
  /** `--no-gui` / `--disable-dialog`. */
  noGui: boolean;
  /** `--disable-mandatory-refresh`. */
  disableMandatoryRefresh: boolean;
  /** Aborted when the program is told to stop (SIGINT, SIGTERM, SIGHUP). */
  signal?: AbortSignal;
  /**
   * The role session length to ask for instead of the profile's `duration_seconds` (`login
   * --duration`). Its own cache entry, since the length is part of the request.
   */
  durationSeconds?: number;
}

/** A profile ready to hand out credentials. */
export interface ProfileCredentials {
  target: TargetProfile;
  config: SharedConfig;
  /** The provider chain; ask it as often as needed. */
  provider: CredentialProvider;
  /** Asks the provider, registers the secrets with the log, and warns once of cache trouble. */
  get(call?: ProviderCall): Promise<TemporaryCredentials>;
  /**
   * The credentials of role `roleArn` assumed with this profile's (role chaining), cached and
   * refreshed as any role's; the secrets registered with the log as {@link get} does.
   */
  forRole(roleArn: string): Promise<(call?: ProviderCall) => Promise<TemporaryCredentials>>;
}

/** A short reason for a file system error. */
function fileErrorReason(error: unknown): string {
  if (error instanceof Deno.errors.NotADirectory) return "a parent path is not a directory";
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (error instanceof Deno.errors.IsADirectory) return "a directory is in the way";
  return error instanceof Error ? error.message : String(error);
}

/**
 * Remembers that these files and this environment resolve profile `name` to `credentials`, so
 * that the next hit skips resolving (src/cache/hit_memo.ts).
 */
async function writeHitMemo(
  cache: CredentialCache,
  deps: Deps,
  config: SharedConfig,
  name: string,
  region: string | undefined,
  credentials: TemporaryCredentials,
  tags: Record<string, string> | undefined,
): Promise<void> {
  const key = await hitMemoKey(deps, {
    profile: name,
    userName: await deps.userName(),
    configText: config.texts.config,
    credentialsText: config.texts.credentials,
  });
  await cache.write(key, {
    profile: name,
    expiresAt: credentials.expiration.getTime(),
    createdAt: deps.now(),
    data: {
      ...tags,
      kind: MEMO_KIND,
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      // For `export` and `exec` served by the hit: null when the profile has none.
      region: region ?? null,
    },
  }, true);
}

/** Opens profile `options.profile`; `overrides` replaces STS or MFA (tests, other callers). */
export async function profileCredentials(
  options: ProfileOptions,
  deps: Deps,
  log: Logger,
  overrides: Partial<Pick<CredentialServices, "sts" | "withMfaCode">> = {},
): Promise<ProfileCredentials> {
  const cache = new CredentialCache(cacheDir(deps), deps, (message) => log.info(message));
  cache.prepare();
  const config = await loadSharedConfig(deps);
  const resolved = resolveTargetProfile(config, options.profile, deps, {
    userName: await deps.userName(),
  });
  if (
    options.durationSeconds !== undefined && resolved.sourceVegas &&
    options.durationSeconds > CHAINED_ROLE_MAX_SECONDS
  ) {
    throw new UsageError(
      `A role session of ${options.durationSeconds} s is more than the ` +
        `${CHAINED_ROLE_MAX_SECONDS} s AWS allows profile "${resolved.name}", whose role is ` +
        `assumed with profile "${resolved.sourceVegas.name}"'s role credentials (role chaining); ` +
        `ask for 1h or less`,
    );
  }
  const target = options.durationSeconds === undefined
    ? resolved
    : { ...resolved, durationSeconds: options.durationSeconds };
  let warned = false;
  let memoized: string | undefined;
  const { services, problem } = credentialServices(cache, config, options, deps, log, overrides);
  const provider = await buildProvider(services, target);
  const registered = async (credentials: Promise<TemporaryCredentials>) => {
    const got = await credentials;
    log.addSecret(got.secretAccessKey);
    log.addSecret(got.sessionToken);
    return got;
  };
  return {
    target,
    config,
    provider,
    async forRole(roleArn) {
      const role = await buildProvider(services, roleOnTop(target, roleArn));
      return (call) => registered(role(call));
    },
    async get(call) {
      const credentials = await provider(call);
      log.addSecret(credentials.secretAccessKey);
      log.addSecret(credentials.sessionToken);
      if (memoized !== credentials.accessKeyId) {
        memoized = credentials.accessKeyId;
        await writeHitMemo(
          cache,
          deps,
          config,
          target.name,
          target.region,
          credentials,
          ssoTags(services, target),
        ).catch((error) => services.onCacheProblem(error));
      }
      if (problem() && !warned) {
        warned = true;
        warnCacheProblem(deps, log, cache, problem()!);
      }
      return credentials;
    },
  };
}

/** The one warning of a run whose credentials could not be cached. */
function warnCacheProblem(deps: Deps, log: Logger, cache: CredentialCache, problem: string) {
  log.warn(
    `Cannot use the credentials cache in ${displayPath(deps, cache.dir)} (${problem}); ` +
      `the credentials are valid, but the next run will fetch new ones`,
  );
}

/** The services of one run's providers, and the first cache problem they met, if any. */
function credentialServices(
  cache: CredentialCache,
  config: SharedConfig,
  options: Omit<ProfileOptions, "profile">,
  deps: Deps,
  log: Logger,
  overrides: Partial<Pick<CredentialServices, "sts" | "withMfaCode">> = {},
): { services: CredentialServices; problem(): string | undefined } {
  let problem: string | undefined;
  const services: CredentialServices = {
    config,
    cache,
    deps,
    log,
    sts: overrides.sts ?? stsCalls(config, deps, log, options.signal, { cache }),
    withMfaCode: overrides.withMfaCode ?? mfaCodeFlow(options, deps, log),
    disableMandatoryRefresh: options.disableMandatoryRefresh,
    lockTimeoutMs: lockTimeoutMs(deps),
    onCacheProblem: (error) => {
      problem ??= fileErrorReason(error);
      log.debug(`Credentials cache: ${(error as Error).message}`);
    },
  };
  return { services, problem: () => problem };
}

/**
 * The MFA session that `target`'s source shares with its roles, signed with `source` (its
 * long-term key): the cached one while it has more than `minimumMs` left, else a new one, opened
 * with one code and cached for the roles. For callers other than a profile's chain (`rotate`).
 */
export async function sharedMfaSession(
  config: SharedConfig,
  target: TargetProfile,
  source: SigningCredentials,
  options: Omit<ProfileOptions, "profile" | "disableMandatoryRefresh"> & { minimumMs: number },
  deps: Deps,
  log: Logger,
): Promise<TemporaryCredentials> {
  const cache = new CredentialCache(cacheDir(deps), deps, (message) => log.info(message));
  const { services, problem } = credentialServices(
    cache,
    config,
    { ...options, disableMandatoryRefresh: false },
    deps,
    log,
  );
  const { provider } = await mfaSessionProvider(
    services,
    target,
    () => Promise.resolve(source),
    (session) => session.expiration.getTime() - deps.now() > options.minimumMs,
  );
  const session = await provider();
  log.addSecret(session.secretAccessKey);
  log.addSecret(session.sessionToken);
  const trouble = problem();
  if (trouble) warnCacheProblem(deps, log, cache, trouble);
  return session;
}
