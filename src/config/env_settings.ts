/**
 * Settings taken from environment variables, checked against bounds: nonsense is an error that
 * names the variable and the allowed range, never silently replaced by a default.
 *
 * @module
 */

import type { Deps } from "../deps.ts";
import { ConfigError } from "../errors.ts";
import { cutText } from "../text/terminal_text.ts";

/** A whole or decimal number of seconds read from `name`, within `[min, max]`. */
export function secondsSetting(
  deps: Pick<Deps, "env">,
  name: string,
  limits: { min: number; max: number; fallback: number },
): number {
  const text = deps.env(name);
  if (text === undefined || text === "") return limits.fallback;
  const seconds = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : NaN;
  if (!(seconds >= limits.min && seconds <= limits.max)) {
    throw new ConfigError(
      `${name} "${cutText(text, 40)}" is not a number of seconds from ${limits.min} to ` +
        `${limits.max}; fix it, or unset it for the default of ${limits.fallback}`,
    );
  }
  return seconds;
}

/** `VEGAS_CREDENTIALS_LOCK_TIMEOUT`: how long to wait for a parallel caller, in milliseconds. */
export function lockTimeoutMs(deps: Pick<Deps, "env">): number {
  return secondsSetting(deps, "VEGAS_CREDENTIALS_LOCK_TIMEOUT", {
    min: 1,
    max: 3600,
    fallback: 120,
  }) * 1000;
}

/**
 * `VEGAS_CREDENTIALS_STS_TIMEOUT`: the longest one STS call may take over all its attempts, in
 * milliseconds (default 90 s; each attempt gets at most 30 s).
 */
export function stsTimeoutMs(deps: Pick<Deps, "env">): number {
  return secondsSetting(deps, "VEGAS_CREDENTIALS_STS_TIMEOUT", { min: 1, max: 90, fallback: 90 }) *
    1000;
}

/** The limits of one STS or IAM call: the whole call as {@link stsTimeoutMs}, 30 s an attempt. */
export function stsTimeouts(deps: Pick<Deps, "env">): { attemptMs: number; callMs: number } {
  const callMs = stsTimeoutMs(deps);
  return { attemptMs: Math.min(30_000, callMs), callMs };
}

/**
 * `VEGAS_CREDENTIALS_SSO_TIMEOUT`: how long an SSO sign-in in the browser (or with a device
 * code) may take, in milliseconds (default 120 s).
 */
export function ssoTimeoutMs(deps: Pick<Deps, "env">): number {
  return secondsSetting(deps, "VEGAS_CREDENTIALS_SSO_TIMEOUT", {
    min: 1,
    max: 3600,
    fallback: 120,
  }) * 1000;
}
