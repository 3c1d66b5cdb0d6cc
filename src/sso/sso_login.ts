/**
 * Signs in to IAM Identity Center and returns a new token, by one of two flows:
 *
 * - authorization code with PKCE (the default for `sso_session` profiles): listen on
 *   127.0.0.1, an ephemeral port, before the browser is opened at the OIDC `/authorize` page;
 *   the browser comes back to `/oauth/callback` with `code` and `state` (checked);
 * - the device flow (`--use-device-code`, and legacy profiles): the verification URL and the
 *   user code are always printed on stderr; polled every `interval` (`slow_down` adds 5 s).
 *
 * The client registration (one per grant type) is kept in our encrypted cache and reused until
 * it expires. Every wait ends by the SSO timeout; the browser only gets the URL.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { cacheKey } from "../cache/cache_key.ts";
import type { CredentialCache } from "../cache/credential_cache.ts";
import { openInDefaultBrowser } from "../console/default_browser.ts";
import type { Deps } from "../deps.ts";
import { VegasError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { shown } from "../text/terminal_text.ts";
import { oidcEndpoint } from "./sso_endpoints.ts";
import type { SsoSession } from "./sso_profile.ts";
import {
  type ClientRegistration,
  createToken,
  type IssuedToken,
  registerClient,
  SsoCallError,
  type SsoEndpoint,
  startDeviceAuthorization,
} from "./sso_calls.ts";
import { type SsoToken, tokenTimestamp } from "./token_cache.ts";

/** What a sign-in needs from the program. */
export interface SsoServices {
  deps: Deps;
  log: Logger;
  cache: CredentialCache;
  /** How long to wait for a parallel caller holding a lock. */
  lockTimeoutMs: number;
  /** How long a sign-in may take. */
  ssoTimeoutMs: number;
  timeouts: { attemptMs: number; callMs: number };
  signal?: AbortSignal;
}

/** How to sign in. */
export interface LoginOptions {
  /** The device flow instead of PKCE. */
  deviceCode: boolean;
  /** Open the browser (else only print the URL). */
  browser: boolean;
}

/** The refresh window: a token with less left than this is refreshed (botocore's 15 min). */
export const TOKEN_REFRESH_MS = 15 * 60_000;
/** How long before its end a client registration is not reused. */
const REGISTRATION_MARGIN_MS = 60 * 60_000;

/** The OIDC endpoint of `session`, within our call limits. */
export function oidcOf(s: SsoServices, session: SsoSession): SsoEndpoint {
  return {
    region: session.region,
    endpoint: oidcEndpoint(session.region, s.deps),
    timeouts: s.timeouts,
  };
}

/** The client registration for `grant`, from the cache while it lasts, else a new one. */
async function clientFor(
  s: SsoServices,
  session: SsoSession,
  grant: "device_code" | "authorization_code",
): Promise<ClientRegistration> {
  const key = await cacheKey({
    version: 1,
    kind: "sso-client",
    startUrl: session.startUrl,
    region: session.region,
    scopes: session.scopes,
    grant,
    endpoint: oidcEndpoint(session.region, s.deps),
  });
  const kept = await s.cache.read(key).catch(() => undefined);
  const data = kept?.data as Partial<ClientRegistration> | undefined;
  if (
    kept && typeof data?.clientId === "string" && typeof data.clientSecret === "string" &&
    kept.expiresAt - s.deps.now() > REGISTRATION_MARGIN_MS
  ) {
    s.log.addSecret(data.clientSecret);
    return { clientId: data.clientId, clientSecret: data.clientSecret, expiresAt: kept.expiresAt };
  }
  const registration = await registerClient(oidcOf(s, session), {
    grant,
    scopes: session.scopes,
    startUrl: session.startUrl,
    clientName: `vegas-credentials-${s.deps.hostname().replace(/[^\w.-]/g, "-").slice(0, 40)}`,
  }).catch((error) => {
    throw loginError(session, "registering with IAM Identity Center", error);
  });
  s.log.addSecret(registration.clientSecret);
  await s.cache.write(key, {
    profile: `SSO client (${session.sessionName ?? session.startUrl})`,
    expiresAt: registration.expiresAt,
    createdAt: s.deps.now(),
    data: { clientId: registration.clientId, clientSecret: registration.clientSecret },
  }).catch(() => {});
  return registration;
}

/** One line for a failed step of the sign-in. */
function loginError(session: SsoSession, step: string, error: unknown): VegasError {
  if (error instanceof VegasError) return error;
  const reason = error instanceof SsoCallError && error.code === "network"
    ? `${error.message}; check your network, and AWS_ENDPOINT_URL_SSO_OIDC if set`
    : (error as Error)?.message ?? String(error);
  return new VegasError(
    `SSO sign-in for ${session.label} failed while ${step}: ${shown(reason, 200)}`,
    undefined,
    { cause: error },
  );
}

function timedOut(session: SsoSession, s: SsoServices): VegasError {
  return new VegasError(
    `SSO sign-in for ${session.label} was not completed within ${
      Math.round(s.ssoTimeoutMs / 1000)
    } s (VEGAS_CREDENTIALS_SSO_TIMEOUT); run vegas-credentials sso login ${session.label}`,
  );
}

/**
 * Opens `url`, or prints it when asked not to or when no browser opens. An authorization URL
 * that was opened is not printed: its `state` is for the browser alone. (A device code's URL and
 * user code are in `line`, always printed.)
 */
async function showUrl(s: SsoServices, options: LoginOptions, url: string, line: string) {
  if (options.browser) {
    try {
      await openInDefaultBrowser(s.deps, url, (reason) => new Error(reason));
      await s.deps.writeStderr(`${line}: opened in your browser\n`);
      return;
    } catch (error) {
      await s.deps.writeStderr(
        `Cannot open a browser (${shown((error as Error).message, 120)}); ${line}: ` +
          `${shown(url, 2000)}\n`,
      );
      return;
    }
  }
  await s.deps.writeStderr(`${line}: ${shown(url, 2000)}\n`);
}

function encodeBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64url");
}

/** A random URL-safe string of `bytes` random bytes. */
function randomText(bytes: number): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Authorization code with PKCE through a loopback callback. */
async function pkceLogin(
  s: SsoServices,
  session: SsoSession,
  options: LoginOptions,
  deadline: AbortSignal,
): Promise<{ issued: IssuedToken; registration: ClientRegistration }> {
  const registration = await clientFor(s, session, "authorization_code");
  const verifier = randomText(48);
  const challenge = encodeBase64Url(
    new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))),
  );
  const state = randomText(24);
  const answer = Promise.withResolvers<{ code: string } | { error: string }>();
  const listener = await s.deps.listenHttp({ hostname: "127.0.0.1", port: 0 }, (request) => {
    const url = new URL(request.url);
    const page = (status: number, text: string) =>
      Promise.resolve(
        new Response(`<!doctype html><title>vegas-credentials</title><p>${text}</p>\n`, {
          status,
          headers: { "content-type": "text/html; charset=utf-8" },
        }),
      );
    if (url.pathname !== "/oauth/callback") return page(404, "Not found.");
    if (url.searchParams.get("state") !== state) {
      return page(400, "This sign-in link does not belong to the waiting vegas-credentials.");
    }
    const error = url.searchParams.get("error");
    const code = url.searchParams.get("code");
    if (error) {
      answer.resolve({ error });
      return page(200, "Sign-in was refused. You can close this tab.");
    }
    if (!code) return page(400, "The answer holds no code.");
    answer.resolve({ code });
    return page(200, "Signed in to vegas-credentials. You can close this tab.");
  });
  try {
    const redirectUri = `http://127.0.0.1:${listener.port}/oauth/callback`;
    const authorize = new URL(
      `${oidcEndpoint(session.region, s.deps).replace(/\/$/, "")}/authorize`,
    );
    const query: [string, string][] = [
      ["response_type", "code"],
      ["client_id", registration.clientId],
      ["redirect_uri", redirectUri],
      ["state", state],
      ["code_challenge_method", "S256"],
      ["scopes", session.scopes.join(" ")],
      ["code_challenge", challenge],
    ];
    for (const [name, value] of query) authorize.searchParams.set(name, value);
    await showUrl(
      s,
      options,
      authorize.href,
      `Sign in to IAM Identity Center (${session.startUrl})`,
    );
    const stopped = new Promise<never>((_, reject) => {
      const stop = () => reject(deadline.reason);
      if (deadline.aborted) stop();
      deadline.addEventListener("abort", stop, { once: true });
    });
    const got = await Promise.race([answer.promise, stopped]);
    if ("error" in got) {
      throw new VegasError(
        `SSO sign-in for ${session.label} was refused in the browser (${
          shown(got.error, 60)
        }); run vegas-credentials sso login ${session.label} to try again`,
      );
    }
    const issued = await createToken(oidcOf(s, session), registration, {
      grantType: "authorization_code",
      code: got.code,
      redirectUri,
      codeVerifier: verifier,
    }, s.deps.now).catch((error) => {
      throw loginError(session, "exchanging the code for a token", error);
    });
    return { issued, registration };
  } finally {
    await listener.close().catch(() => {});
  }
}

/** The device flow: print the code, poll until approved. */
async function deviceLogin(
  s: SsoServices,
  session: SsoSession,
  options: LoginOptions,
  deadline: AbortSignal,
): Promise<{ issued: IssuedToken; registration: ClientRegistration }> {
  const registration = await clientFor(s, session, "device_code");
  const device = await startDeviceAuthorization(oidcOf(s, session), registration, session.startUrl)
    .catch((error) => {
      throw loginError(session, "starting the device authorization", error);
    });
  s.log.addSecret(device.deviceCode);
  const url = device.verificationUriComplete ?? device.verificationUri;
  await showUrl(
    s,
    options,
    url,
    `Sign in to IAM Identity Center (${session.startUrl}) with the code ${
      shown(device.userCode, 40)
    } at ${shown(device.verificationUri, 300)}`,
  );
  const ends = s.deps.now() + device.expiresInSeconds * 1000;
  let interval = Math.max(1, device.intervalSeconds) * 1000;
  for (;;) {
    await s.deps.sleep(interval, deadline).catch(() => {
      throw deadline.reason;
    });
    if (s.deps.now() > ends) {
      throw new VegasError(
        `The device code for ${session.label} expired before it was approved; run ` +
          `vegas-credentials sso login ${session.label} to get a new one`,
      );
    }
    try {
      const issued = await createToken(oidcOf(s, session), registration, {
        grantType: "urn:ietf:params:oauth:grant-type:device_code",
        deviceCode: device.deviceCode,
      }, s.deps.now);
      return { issued, registration };
    } catch (error) {
      const code = error instanceof SsoCallError ? error.code : "";
      if (code === "AuthorizationPendingException") continue;
      if (code === "SlowDownException") {
        interval += 5_000;
        s.log.info(`IAM Identity Center asked to slow down: polling every ${interval / 1000} s`);
        continue;
      }
      if (code === "ExpiredTokenException") {
        throw new VegasError(
          `The device code for ${session.label} expired before it was approved; run ` +
            `vegas-credentials sso login ${session.label} to get a new one`,
        );
      }
      if (code === "AccessDeniedException") {
        throw new VegasError(
          `SSO sign-in for ${session.label} was denied in the browser; run ` +
            `vegas-credentials sso login ${session.label} to try again`,
        );
      }
      throw loginError(session, "waiting for the approval", error);
    }
  }
}

/** Signs in with `options`, within the SSO timeout; the new token, in the AWS CLI's fields. */
export async function ssoLogin(
  s: SsoServices,
  session: SsoSession,
  options: LoginOptions,
): Promise<SsoToken> {
  const timeout = AbortSignal.timeout(s.ssoTimeoutMs);
  const deadline = s.signal ? AbortSignal.any([timeout, s.signal]) : timeout;
  const legacy = session.sessionName === undefined;
  const flow = options.deviceCode || legacy ? deviceLogin : pkceLogin;
  let result;
  try {
    result = await flow(s, session, options, deadline);
  } catch (error) {
    // The deadline's own reason (a TimeoutError) means the user did not finish in time.
    if (timeout.aborted && !(error instanceof VegasError)) throw timedOut(session, s);
    throw error;
  }
  const { issued, registration } = result;
  s.log.addSecret(issued.accessToken);
  if (issued.refreshToken) s.log.addSecret(issued.refreshToken);
  s.log.info(
    `Signed in to IAM Identity Center for ${session.label}; the token is valid until ${
      tokenTimestamp(issued.expiresAt)
    }${issued.refreshToken ? " and refreshes" : ""}`,
  );
  const token: SsoToken = {
    startUrl: session.startUrl,
    region: session.region,
    accessToken: issued.accessToken,
    expiresAt: tokenTimestamp(issued.expiresAt),
  };
  // A legacy profile's token is never refreshed, as the AWS CLI's.
  if (!legacy) {
    token.clientId = registration.clientId;
    token.clientSecret = registration.clientSecret;
    token.registrationExpiresAt = tokenTimestamp(registration.expiresAt);
    if (issued.refreshToken) token.refreshToken = issued.refreshToken;
  }
  return token;
}
