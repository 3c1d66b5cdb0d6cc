/**
 * What the credentials layer needs from outside, passed in as plain functions (the AWS SDK v3
 * style): STS calls and the MFA code. Unit tests pass fakes; the program passes the real ones
 * (sts_calls.ts and mfa_code_flow.ts, put together in profile_credentials.ts).
 *
 * @module
 */

import type { CredentialCache } from "../cache/credential_cache.ts";
import type { SharedConfig } from "../config/shared_config.ts";
import type { TargetProfile } from "../config/target_profile.ts";
import type { SigningCredentials, TemporaryCredentials } from "../credential_types.ts";
import type { Deps } from "../deps.ts";
import type { Logger } from "../log.ts";

import type { RoleRequest } from "./role_request.ts";

/** An MFA device and a code from it. */
export interface MfaCode {
  serialNumber: string;
  tokenCode: string;
}

/** The STS calls of one profile's chain. */
export interface StsCalls {
  /** The source profile's own credentials (files, its own credential_process, SSO). */
  sourceCredentials(target: TargetProfile): Promise<SigningCredentials>;
  /** AssumeRole with `request` (plus the MFA code, if any), signed with `credentials`. */
  assumeRole(
    target: TargetProfile,
    request: RoleRequest,
    credentials: SigningCredentials,
    mfa?: MfaCode,
  ): Promise<TemporaryCredentials>;
  /** GetSessionToken with the MFA code, signed with the source's long-term key. */
  getSessionToken(
    target: TargetProfile,
    credentials: SigningCredentials,
    mfa: MfaCode,
  ): Promise<TemporaryCredentials>;
}

/**
 * Gets an MFA code for `target` and passes it to `use`; asks again once when AWS rejects the
 * code. Rejects when no code can be had (no source, timeout, cancelled).
 */
export type WithMfaCode = <T>(
  target: TargetProfile,
  use: (mfa: MfaCode) => Promise<T>,
) => Promise<T>;

/** Everything the providers of one run share. */
export interface CredentialServices {
  config: SharedConfig;
  cache: CredentialCache;
  deps: Pick<Deps, "env" | "now">;
  log: Logger;
  sts: StsCalls;
  withMfaCode: WithMfaCode;
  /** `--disable-mandatory-refresh`: serve cached credentials until they expire. */
  disableMandatoryRefresh: boolean;
  /** How long to wait for a parallel caller holding a lock. */
  lockTimeoutMs: number;
  /** Hears why the cache could not be used; the credentials are still returned. */
  onCacheProblem(error: unknown): void;
}
