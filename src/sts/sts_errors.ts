/**
 * Turns errors from the AWS SDK into one-line messages that say what failed, why, and what to do.
 *
 * @module
 */

import { CredentialsRejectedError, isVegasError, MfaRejectedError, VegasError } from "../errors.ts";

/** What the failed call was about, for the message. */
export interface StsErrorContext {
  /** The profile being assumed. */
  profileName: string;
  /** The profile whose credentials signed the request. */
  sourceProfile: string;
  roleArn: string;
  endpoint: string;
  /** Whether an MFA code was sent. */
  usedMfa: boolean;
  /** Whether the profile has an MFA device at all (the call may use the MFA session instead). */
  mfaConfigured?: boolean;
  /** How many attempts the SDK made. */
  attempts: number;
  /** The STS action, when not AssumeRole. */
  action?: "GetSessionToken" | "GetCallerIdentity";
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "name lookup failed",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
};

/** Why a request never got an answer (refused, reset, timed out, …), if that is what failed. */
export function networkReason(error: Error & { code?: string }): string | undefined {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: string }).code;
    if (code && NETWORK_CODES[code]) return NETWORK_CODES[code];
    if (current.name === "TimeoutError" || current.name === "AbortError") {
      return "the endpoint did not answer in time";
    }
    const found = Object.keys(NETWORK_CODES).find((key) =>
      current instanceof Error && current.message.includes(key)
    );
    if (found) return NETWORK_CODES[found];
  }
  return undefined;
}

function awsMessage(error: Error): string {
  return error.message.replace(/\.$/, "");
}

/** Maps an error thrown by an STS call to a {@link VegasError}. */
export function stsError(error: unknown, context: StsErrorContext): VegasError {
  if (isVegasError(error)) return error;
  const action = context.action ?? "AssumeRole";
  if (!(error instanceof Error)) return new VegasError(`${action} failed: ${String(error)}`);
  const name = error.name;
  const message = awsMessage(error);
  const forProfile = `profile "${context.profileName}"`;
  const source = `source profile "${context.sourceProfile}"`;
  const network = networkReason(error);
  if (network) {
    return new VegasError(
      `Cannot reach AWS STS at ${context.endpoint} (${network}) for ${forProfile}; check your ` +
        `network and proxy, and AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL if set`,
      undefined,
      { cause: error },
    );
  }
  if (name === "AccessDenied" && /MultiFactorAuthentication|one time pass/i.test(message)) {
    return new MfaRejectedError(
      `AWS rejected the MFA code for ${forProfile}: it is wrong, expired or was already used; ` +
        `wait for the next code and try again`,
    );
  }
  if (
    (name === "AccessDenied" || name === "AccessDeniedException") &&
    context.action === "GetSessionToken"
  ) {
    return new VegasError(
      `AWS denied GetSessionToken (the MFA session) for ${source}: ${message}; set ` +
        `vegas_mfa_session = false on it to assume roles with MFA directly`,
    );
  }
  if (name === "AccessDenied" || name === "AccessDeniedException") {
    const hint = context.usedMfa || context.mfaConfigured
      ? ""
      : " (no mfa_serial is configured for this profile or its source; if the role requires MFA, set one)";
    return new VegasError(
      `AWS denied AssumeRole of ${context.roleArn} for ${forProfile}: ${message}; check that the ` +
        `role's trust policy allows the identity of ${source}${hint}`,
    );
  }
  if (name === "ExpiredToken" || name === "ExpiredTokenException") {
    return new CredentialsRejectedError(
      `The credentials of ${source} have expired (${message}); renew them and try again`,
    );
  }
  if (name === "InvalidClientTokenId" || name === "UnrecognizedClientException") {
    return new CredentialsRejectedError(
      `AWS does not recognise the access key of ${source} (${message}); check its ` +
        `aws_access_key_id, or whether the key was deactivated`,
    );
  }
  if (name === "SignatureDoesNotMatch") {
    return new VegasError(
      `AWS rejected the request signed with the credentials of ${source} (SignatureDoesNotMatch); ` +
        `check its aws_secret_access_key`,
    );
  }
  if (/Throttl|RequestLimitExceeded|TooManyRequests/.test(name)) {
    return new VegasError(
      `AWS STS is throttling requests for ${forProfile} (still after ${context.attempts} attempts ` +
        `with backoff); wait a minute and try again`,
    );
  }
  if (name === "ValidationError" && /DurationSeconds/.test(message)) {
    return new VegasError(
      `AWS refused the session length for ${forProfile}: ${message}; lower duration_seconds ` +
        `or raise the role's maximum session duration`,
    );
  }
  if (name === "RegionDisabledException") {
    return new VegasError(`AWS STS is not enabled in this region for ${forProfile}: ${message}`);
  }
  return new VegasError(`${action} failed for ${forProfile}: ${name}: ${message}`, undefined, {
    cause: error,
  });
}
