/**
 * The STS client both STS calls use: explicit region, endpoint and credentials (nothing read
 * from the environment or profiles behind our back), retries with backoff, bounded timeouts.
 *
 * @module
 */

import { STSClient } from "@aws-sdk/client-sts";
import type { SigningCredentials, TemporaryCredentials } from "../credential_types.ts";
import { VegasError } from "../errors.ts";

/** Attempts per request; the SDK backs off exponentially between them (throttling, network). */
export const MAX_ATTEMPTS = 4;
/** The longest one attempt may take without an answer (connect, first byte, whole body). */
export const ATTEMPT_TIMEOUT_MS = 30_000;
/** The longest a call may take over all its attempts. */
export const CALL_TIMEOUT_MS = 90_000;

/** Limits of one STS call. */
export interface StsTimeouts {
  attemptMs: number;
  callMs: number;
}

/** What every STS call of ours needs: whose keys, where, and within which limits. */
export interface StsCallBase {
  /** The profile being served, for messages. */
  profileName: string;
  sourceProfile: string;
  region: string;
  endpoint: string;
  credentials: SigningCredentials;
  /** Shorter limits than the defaults (30 s an attempt, 90 s a call). */
  timeouts?: StsTimeouts;
}

/**
 * Send options that bound a whole call: aborted after `callTimeoutMs` (default 90 s), whatever
 * the retries do.
 */
export function boundedCall(callTimeoutMs = CALL_TIMEOUT_MS): { abortSignal: AbortSignal } {
  return { abortSignal: AbortSignal.timeout(callTimeoutMs) };
}

/** A client for one call; `destroy()` it afterwards. */
export function stsClient(
  options: {
    region: string;
    endpoint: string;
    /** None for an unsigned call (AssumeRoleWithWebIdentity). */
    credentials?: SigningCredentials;
    /** Per attempt; default {@link ATTEMPT_TIMEOUT_MS}. */
    attemptTimeoutMs?: number;
  },
): STSClient {
  const attempt = options.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS;
  return new STSClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    maxAttempts: MAX_ATTEMPTS,
    // Without throwOnRequestTimeout the handler only logs a warning when the time is up, and a
    // silent endpoint hangs the call forever (measured with @smithy/node-http-handler).
    requestHandler: {
      connectionTimeout: Math.min(5_000, attempt),
      requestTimeout: attempt,
      throwOnRequestTimeout: true,
    },
  });
}

/** The `Credentials` of an STS answer, as the SDK gives them. */
interface StsAnsweredCredentials {
  AccessKeyId?: string;
  SecretAccessKey?: string;
  SessionToken?: string;
  Expiration?: Date;
}

/**
 * The temporary credentials in an STS answer (AssumeRole, GetSessionToken,
 * AssumeRoleWithWebIdentity); throws "AWS STS answered `what` without credentials" when any
 * part is missing.
 */
export function answeredCredentials(
  answer: StsAnsweredCredentials | undefined,
  what: string,
): TemporaryCredentials {
  if (
    !answer?.AccessKeyId || !answer.SecretAccessKey || !answer.SessionToken || !answer.Expiration
  ) {
    throw new VegasError(`AWS STS answered ${what} without credentials`);
  }
  return {
    accessKeyId: answer.AccessKeyId,
    secretAccessKey: answer.SecretAccessKey,
    sessionToken: answer.SessionToken,
    expiration: new Date(answer.Expiration),
  };
}
