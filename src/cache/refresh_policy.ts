/**
 * When cached credentials are served and when they are replaced, following the SDKs' refresh
 * windows: botocore refreshes advisorily under 15 minutes left (a failure there is logged and the
 * old credentials used) and mandatorily under 10; the JS SDK under 5.
 *
 * @module
 */

/** Under this much time left, botocore starts asking for new credentials on every call. */
export const ADVISORY_REFRESH_MS = 15 * 60_000;
/** Under this much time left, credentials are replaced (the original tool's rule). */
export const MANDATORY_REFRESH_MS = 10 * 60_000;

/** What to do with a cached entry. */
export type CacheDecision = "serve" | "refresh";

/** Options of the policy. */
export interface RefreshOptions {
  /** `--disable-mandatory-refresh`: serve until the credentials actually expire. */
  disableMandatoryRefresh: boolean;
  /**
   * Whether new credentials can be had without asking the user: the role needs no MFA, or the
   * source's cached MFA session is still usable.
   */
  silentRefreshPossible: boolean;
}

/** Decides whether credentials expiring at `expiresAt` are served at `now`. */
export function decideRefresh(
  expiresAt: number,
  now: number,
  options: RefreshOptions,
): CacheDecision {
  const left = expiresAt - now;
  if (left <= 0) return "refresh";
  if (options.disableMandatoryRefresh) return "serve";
  if (left > ADVISORY_REFRESH_MS) return "serve";
  if (left > MANDATORY_REFRESH_MS) return options.silentRefreshPossible ? "refresh" : "serve";
  return "refresh";
}
