/**
 * What every piece of the credentials layer is: a function that returns credentials. Providers
 * wrap providers (source, then the MFA session, then the role, then the next hop of a chain), and
 * a cached provider decorates any of them. A long-running caller (the credential server) asks the
 * same provider again and again; each call applies the cache policy afresh.
 *
 * @module
 */

import type { SigningCredentials, TemporaryCredentials } from "../credential_types.ts";

/** Options of one call to a provider. */
export interface ProviderCall {
  /** Aborting stops the work (MFA prompt, STS call) and rejects. */
  signal?: AbortSignal;
}

/** Returns credentials, fetching or reading them as its policy says. */
export type CredentialProvider = (call?: ProviderCall) => Promise<TemporaryCredentials>;

/** Returns the credentials a role is assumed with. */
export type SigningProvider = (call?: ProviderCall) => Promise<SigningCredentials>;

/** Whether `credentials` are an IAM user's long-term access key (`AKIA…`, no session token). */
export function isLongTermKey(credentials: SigningCredentials): boolean {
  return !credentials.sessionToken && credentials.accessKeyId.startsWith("AKIA");
}
