/**
 * The cached provider: decorates any provider with the encrypted cache. Read; serve if the
 * policy says so; else take the entry's lock, read again (a parallel caller may have filled it
 * meanwhile), fetch, write. Cache trouble never fails the call: it is reported once through
 * `onCacheProblem` and the credentials are still returned.
 *
 * @module
 */

import type { CredentialCache } from "../cache/credential_cache.ts";
import { isLockTimeout } from "../cache/credential_cache.ts";
import type { TemporaryCredentials } from "../credential_types.ts";
import { credentialsFromEntry } from "./entry_credentials.ts";
import { VegasError } from "../errors.ts";
import type { CredentialProvider } from "./provider.ts";

/** How a cached provider behaves. */
export interface CachedProviderOptions {
  cache: CredentialCache;
  /** The entry's key. */
  key: string;
  /** The profile the entry belongs to, shown by `cache list`. */
  profile: string;
  /** What the entry holds, for messages: `credentials for profile "x"`. */
  what: string;
  /** Whether cached credentials are served now (the refresh policy). */
  servable(credentials: TemporaryCredentials): Promise<boolean>;
  /** Gets fresh credentials on a miss. */
  fetch: CredentialProvider;
  /** How long to wait for a parallel caller holding the entry's lock. */
  lockTimeoutMs: number;
  now(): number;
  /** Hears progress, for `--verbose`. */
  onInfo(message: string): void;
  /** Hears that cached credentials were served without a fetch. */
  onHit?(): void;
  /** Hears why the cache could not be used (read, lock or write). */
  onCacheProblem(error: unknown): void;
  /**
   * Whether cached credentials that the policy wanted replaced may still be served when the
   * fetch fails (they are outside the mandatory window): a failed advisory refresh must not
   * hide credentials that still work. Without it, the failure stands.
   */
  servableAfterFailure?(credentials: TemporaryCredentials): boolean;
  /** Hears that a fetch failed and the cached credentials were served instead. */
  onServedAfterFailure?(error: unknown, credentials: TemporaryCredentials): void;
  /** Marks stored with the entry's data: `{ sso: KEY }` lets `sso logout` find it. */
  tags?: Record<string, string>;
}

/** Whether `error` means the user or a signal stopped the run: nothing is served then. */
function stopped(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError" ||
    (error as Error)?.name === "CancelledError" ||
    (error instanceof VegasError && error.exitCode === 130);
}

/** Reads the credentials of `key`; cache trouble is reported, not thrown. */
export async function readCachedCredentials(
  cache: CredentialCache,
  key: string,
  onCacheProblem: (error: unknown) => void,
): Promise<TemporaryCredentials | undefined> {
  try {
    return credentialsFromEntry(await cache.read(key));
  } catch (error) {
    onCacheProblem(error);
    return undefined;
  }
}

/** Wraps `options.fetch` with the cache. */
export function cachedProvider(options: CachedProviderOptions): CredentialProvider {
  const { cache, key } = options;
  /** The cached credentials, and whether the policy serves them. */
  const read = async () => {
    const cached = await readCachedCredentials(cache, key, options.onCacheProblem);
    return { cached, serve: cached !== undefined && await options.servable(cached) };
  };
  const fresh = async () => {
    const { cached, serve } = await read();
    return serve ? cached : undefined;
  };
  return async (call) => {
    const first = await read();
    if (first.serve) {
      options.onHit?.();
      return first.cached!;
    }
    let release = () => {};
    try {
      release = await cache.lock(key, options.lockTimeoutMs);
    } catch (error) {
      if (isLockTimeout(error)) {
        throw new VegasError(
          `Another vegas-credentials process has been getting ${options.what} for ` +
            `${Math.round(options.lockTimeoutMs / 1000)} s (waiting for an MFA code?); ` +
            `answer its prompt, or stop it, and try again`,
        );
      }
      options.onCacheProblem(error);
    }
    try {
      const filled = await fresh();
      if (filled) {
        options.onInfo(`${capitalized(options.what)} were just fetched by a parallel caller`);
        return filled;
      }
      let credentials: TemporaryCredentials;
      try {
        credentials = await options.fetch(call);
      } catch (error) {
        const standing = first.cached;
        if (
          standing && !stopped(error) && options.servableAfterFailure?.(standing)
        ) {
          options.onServedAfterFailure?.(error, standing);
          return standing;
        }
        throw error;
      }
      try {
        await cache.write(key, {
          profile: options.profile,
          expiresAt: credentials.expiration.getTime(),
          createdAt: options.now(),
          data: {
            ...options.tags,
            accessKeyId: credentials.accessKeyId,
            secretAccessKey: credentials.secretAccessKey,
            sessionToken: credentials.sessionToken,
          },
        });
      } catch (error) {
        options.onCacheProblem(error);
      }
      return credentials;
    } finally {
      release();
    }
  };
}

function capitalized(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}
