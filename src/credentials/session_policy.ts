/**
 * When a role is assumed through the source's shared MFA session, how long a session is used,
 * and when a role is assumed directly with the long-term key (not chained).
 *
 * @module
 */

import type { TargetProfile } from "../config/target_profile.ts";

/** An MFA session is used while it has more than this left. */
export const SESSION_MARGIN_MS = 60_000;

/**
 * Whether `target`'s role is assumed with the source's shared MFA session (GetSessionToken).
 * Not for a chained hop, and not for a role session over 1 hour, which AWS allows only when the
 * role is assumed directly with the long-term key (role chaining is capped at 1 hour).
 */
export function usesMfaSession(target: TargetProfile): boolean {
  return Boolean(
    target.mfaSerial && target.mfaSession && !target.sourceVegas &&
      target.durationSeconds <= 3600,
  );
}

/** Whether a cached MFA session expiring at `expiresAt` is still used at `now`. */
export function sessionUsable(expiresAt: number, now: number): boolean {
  return expiresAt - now > SESSION_MARGIN_MS;
}

/**
 * Whether `target`'s role credentials come from AssumeRole signed with the source's long-term
 * key itself: no MFA session, no vegas profile below, no temporary source credentials. Any other
 * role session is chained, and AWS refuses a console sign-in token that asks for a
 * `SessionDuration` for it.
 */
export function assumedDirectly(target: TargetProfile): boolean {
  return !target.sessionOnly && !target.sourceVegas && target.sourceHasLongTermKey &&
    !usesMfaSession(target);
}
