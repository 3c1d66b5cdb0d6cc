/**
 * A usable SSO access token for a session, whatever it takes, at most once across processes:
 *
 * 1. the cached token (`~/.aws/sso/cache`), while more than 15 minutes are left;
 * 2. else, under the session's lock (so that parallel callers cause one refresh: refresh tokens
 *    rotate, and a second refresh with the old one fails), the cache read again; then a refresh
 *    (CreateToken `refresh_token`, written back) when the token has a refresh token and a live
 *    client;
 * 3. else the token as it is while it has not expired;
 * 4. else, when allowed, one sign-in (one browser for every parallel caller: the others wait on
 *    the lock and take its token).
 *
 * @module
 */

import { cacheKey } from "../cache/cache_key.ts";
import { isLockTimeout } from "../cache/credential_cache.ts";
import { VegasError } from "../errors.ts";
import { shown } from "../text/terminal_text.ts";
import { createToken, SsoCallError } from "./sso_calls.ts";
import {
  type LoginOptions,
  oidcOf,
  ssoLogin,
  type SsoServices,
  TOKEN_REFRESH_MS,
} from "./sso_login.ts";
import type { SsoSession } from "./sso_profile.ts";
import {
  DistrustedTokenCacheError,
  readToken,
  refreshable,
  removeToken,
  type SsoToken,
  tokenTimeLeft,
  tokenTimestamp,
  writeToken,
} from "./token_cache.ts";

/** Whether and how a missing token may be replaced by a sign-in. */
export interface TokenOptions {
  /** Sign in when no token can be had otherwise; `undefined`: fail instead. */
  login?: LoginOptions;
  /** Drop the cached token first (the portal refused it): a fresh one is needed. */
  discard?: SsoToken;
  /** Sign in whatever the cache holds (`sso login`). */
  force?: boolean;
}

/** The warnings already given in this run. */
const warned = new Set<string>();

/** The token file's contents, or undefined; a directory we distrust is warned about once. */
async function cached(s: SsoServices, session: SsoSession): Promise<SsoToken | undefined> {
  try {
    const token = await readToken(s.deps, session.tokenKey);
    if (token) {
      s.log.addSecret(token.accessToken);
      if (token.refreshToken) s.log.addSecret(token.refreshToken);
      if (token.clientSecret) s.log.addSecret(token.clientSecret);
    }
    return token;
  } catch (error) {
    problem(s, error);
    return undefined;
  }
}

function problem(s: SsoServices, error: unknown): void {
  const message = error instanceof DistrustedTokenCacheError
    ? error.message
    : `the SSO token cache cannot be used: ${(error as Error)?.message ?? String(error)}`;
  if (warned.has(message)) return;
  warned.add(message);
  s.log.warn(message[0].toUpperCase() + message.slice(1));
}

async function store(s: SsoServices, session: SsoSession, token: SsoToken): Promise<void> {
  await writeToken(s.deps, session.tokenKey, token).catch((error) => problem(s, error));
}

/** Refreshes `token`; undefined when IAM Identity Center refuses (sign in again then). */
async function refreshed(
  s: SsoServices,
  session: SsoSession,
  token: SsoToken,
): Promise<SsoToken | undefined> {
  try {
    const issued = await createToken(
      oidcOf(s, session),
      {
        clientId: token.clientId!,
        clientSecret: token.clientSecret!,
      },
      { grantType: "refresh_token", refreshToken: token.refreshToken! },
      s.deps.now,
    );
    s.log.addSecret(issued.accessToken);
    if (issued.refreshToken) s.log.addSecret(issued.refreshToken);
    s.log.info(
      `Refreshed the SSO token of ${session.label}; valid until ${
        tokenTimestamp(issued.expiresAt)
      }`,
    );
    return {
      ...token,
      accessToken: issued.accessToken,
      expiresAt: tokenTimestamp(issued.expiresAt),
      // Refresh tokens may rotate: the old one is spent.
      refreshToken: issued.refreshToken ?? token.refreshToken,
    };
  } catch (error) {
    if (error instanceof SsoCallError && error.code !== "network" && error.code !== "invalid") {
      s.log.info(`IAM Identity Center refused to refresh the SSO token of ${session.label}`);
      return undefined;
    }
    throw new VegasError(
      `Cannot refresh the SSO token of ${session.label}: ${shown((error as Error).message, 200)}`,
      undefined,
      { cause: error },
    );
  }
}

function noToken(session: SsoSession, why: string): VegasError {
  return new VegasError(
    `No usable SSO token for ${session.label} (${why}); run vegas-credentials sso login ` +
      session.label,
  );
}

/** A usable access token for `session`, per {@link TokenOptions}. */
export async function usableToken(
  s: SsoServices,
  session: SsoSession,
  options: TokenOptions = {},
): Promise<SsoToken> {
  const fresh = (token: SsoToken | undefined): boolean =>
    token !== undefined && token.accessToken !== options.discard?.accessToken &&
    tokenTimeLeft(token, s.deps.now()) > TOKEN_REFRESH_MS;
  const first = options.force ? undefined : await cached(s, session);
  if (fresh(first)) return first!;
  const lockKey = await cacheKey({ version: 1, kind: "sso-token", key: session.tokenKey });
  // A sign-in in another process may take the whole SSO timeout.
  const waitMs = Math.max(s.lockTimeoutMs, options.login ? s.ssoTimeoutMs + 10_000 : 0);
  let release = () => {};
  try {
    release = await s.cache.lock(lockKey, waitMs);
  } catch (error) {
    if (isLockTimeout(error)) {
      throw new VegasError(
        `Another vegas-credentials process has been signing in to IAM Identity Center for ` +
          `${session.label} for ${Math.round(waitMs / 1000)} s; finish or stop it, and try again`,
      );
    }
    problem(s, error);
  }
  try {
    let token = options.force ? undefined : await cached(s, session);
    if (fresh(token)) {
      s.log.info(`The SSO token of ${session.label} was just renewed by a parallel caller`);
      return token!;
    }
    if (token && options.discard && token.accessToken === options.discard.accessToken) {
      await removeToken(s.deps, session.tokenKey).catch(() => {});
      token = undefined;
    }
    if (token && refreshable(token, s.deps.now())) {
      const renewed = await refreshed(s, session, token);
      if (renewed) {
        await store(s, session, renewed);
        return renewed;
      }
      if (tokenTimeLeft(token, s.deps.now()) > 0) return token;
    } else if (token && tokenTimeLeft(token, s.deps.now()) > 0) {
      return token;
    }
    const why = options.force
      ? "asked to"
      : token === undefined
      ? options.discard ? "IAM Identity Center no longer accepts it" : "not signed in"
      : `it expired at ${token.expiresAt}${
        token.refreshToken ? " and its refresh was refused" : ""
      }`;
    if (!options.login) throw noToken(session, why);
    s.log.info(`Signing in to IAM Identity Center for ${session.label}: ${why}`);
    const signedIn = await ssoLogin(s, session, options.login);
    await store(s, session, signedIn);
    return signedIn;
  } finally {
    release();
  }
}
