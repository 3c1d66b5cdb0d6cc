/**
 * Where a source profile's credentials come from, judged from its settings alone: keys in the
 * shared files, SSO, its own `credential_process`, a role the SDK assumes, or none of these, in
 * which case the keyring may hold its keys. Plain logic (on the cache-hit path).
 *
 * @module
 */

import type { ProfileSettings } from "./shared_config.ts";

/** The kinds of source. */
export type SourceKind = "keys" | "sso" | "process" | "role" | "web-identity" | "keyring";

/** How `settings` (a source profile, or none) gets its credentials. */
export function sourceKind(settings: ProfileSettings | undefined): SourceKind {
  if (settings?.has("aws_access_key_id") || settings?.has("aws_secret_access_key")) return "keys";
  if (settings?.has("sso_session") || settings?.has("sso_start_url")) return "sso";
  if (settings?.has("credential_process")) return "process";
  if (settings?.has("role_arn")) return "role";
  if (settings?.has("web_identity_token_file")) return "web-identity";
  return "keyring";
}
