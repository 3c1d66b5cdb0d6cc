/**
 * One kind of source credentials, as a plug-in: the config keys that mark it, how it gets its
 * credentials, and its words for `list`, `config show-profile` and `doctor`. The kinds are
 * registered in one list (registry.ts); a new kind is one new file plus one line there.
 *
 * Plain types and no I/O: the modules that fetch (and load the AWS SDK) are imported lazily by
 * each source's `credentials`.
 *
 * @module
 */

import type { CredentialCache } from "../../cache/credential_cache.ts";
import type { ProfileSettings, SharedConfig } from "../../config/shared_config.ts";
import type { SigningCredentials } from "../../credential_types.ts";
import type { Deps } from "../../deps.ts";
import type { Finding } from "../../doctor/finding.ts";
import type { Logger } from "../../log.ts";

/** The kinds of source. */
export type SourceKind =
  | "keys"
  | "sso"
  | "process"
  | "role"
  | "web-identity"
  | "keyring";

/** What a source needs to fetch the credentials of source profile `sourceProfile`. */
export interface SourceFetch {
  sourceProfile: string;
  /** The profile being assumed, for messages. */
  profileName: string;
  /** The region of the profile being assumed. */
  region: string;
  /** The source profile's settings, `include_profile` applied. */
  settings: ProfileSettings;
  config: SharedConfig;
  deps: Deps;
  log: Logger;
  /** The credential cache, for sources that keep state across processes (SSO's locks). */
  cache: CredentialCache;
  /** How long to wait for a parallel caller holding a lock. */
  lockTimeoutMs: number;
  /** STS and other AWS call limits. */
  timeouts: { attemptMs: number; callMs: number };
  /** Whether a source may ask the user to sign in (SSO); `doctor` may not. */
  signIn: boolean;
  signal?: AbortSignal;
}

/** What `list`, `show-profile` and `doctor` need to describe a source. */
export interface SourceLook {
  sourceProfile: string;
  settings: ProfileSettings | undefined;
  config: SharedConfig;
  deps: Deps;
  /** The keyring's items, opened once per command and only when asked. */
  keyringItems(): Promise<{ items: string[]; where: string }>;
}

/** A source in words: how `doctor` judges it, what `show-profile` says, `list`'s state. */
export interface SourceDescription {
  /** `doctor`'s findings; the first says where the credentials come from. */
  findings: Finding[];
  /** One phrase for `config show-profile`: "access keys in ~/.aws/credentials". */
  text: string;
  /** `list`'s state column, when the source has a state worth showing there. */
  state?: string;
}

/** One kind of source. */
export interface CredentialSource {
  kind: SourceKind;
  /** Whether source profile `name`, with `settings`, is of this kind (the registry's order). */
  claims(settings: ProfileSettings | undefined, name: string): boolean;
  /**
   * Whether its credentials are temporary ones from an AWS call, cached like a role's and
   * handed out by a profile that names it in `vegas_source_profile` with no `vegas_role_arn`.
   */
  temporary: boolean;
  /** The source profile's credentials. */
  credentials(fetch: SourceFetch): Promise<SigningCredentials>;
  /** Describes the source; never throws. */
  describe(look: SourceLook): Promise<SourceDescription>;
}
