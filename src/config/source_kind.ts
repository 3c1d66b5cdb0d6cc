/**
 * Where a source profile's credentials come from, judged from its settings alone: keys in the
 * shared files, SSO, its own `credential_process`, a role the SDK assumes, or none of these, in
 * which case the keyring may hold its keys. Plain logic.
 *
 * @module
 */

import { splitCommandLine } from "../text/command_line.ts";
import type { ProfileSettings } from "./shared_config.ts";

/** The kinds of source. */
export type SourceKind = "keys" | "sso" | "process" | "role" | "web-identity" | "keyring";

/**
 * How `settings` (source profile `name`, or none) gets its credentials. A `credential_process`
 * that runs vegas-credentials for this same profile is ours, for other AWS tools (it hands out the
 * profile's MFA session): the key itself then comes from the keyring, never from running it,
 * which would loop.
 */
export function sourceKind(settings: ProfileSettings | undefined, name?: string): SourceKind {
  if (settings?.has("aws_access_key_id") || settings?.has("aws_secret_access_key")) return "keys";
  if (settings?.has("sso_session") || settings?.has("sso_start_url")) return "sso";
  const process = settings?.get("credential_process");
  if (process) {
    const named = profileNamedBy(process.value);
    return named.ours && named.profile === name ? "keyring" : "process";
  }
  if (settings?.has("role_arn")) return "role";
  if (settings?.has("web_identity_token_file")) return "web-identity";
  return "keyring";
}

/** The profile a `vegas-credentials assume` command line names, if it is one. */
export function profileNamedBy(command: string): { ours: boolean; profile?: string } {
  const split = splitCommandLine(command);
  const argv = "argv" in split ? split.argv : command.split(/\s+/);
  const ours = argv.some((word) => /(^|[\\/])vegas-credentials(\.exe|\.cmd)?$/.test(word));
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith("--profile=")) return { ours, profile: argv[i].slice(10) };
    if (argv[i] === "--profile") return { ours, profile: argv[i + 1] };
  }
  return { ours };
}
