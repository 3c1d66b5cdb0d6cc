/**
 * The one list of source kinds, in the order they claim a profile: the first whose `claims`
 * matches is the profile's source (keys in the files win, as in the AWS SDKs; the keyring is
 * what is left).
 *
 * @module
 */

import type { ProfileSettings } from "../../config/shared_config.ts";
import { keysSource } from "./keys.ts";
import { keyringSource } from "./keyring.ts";
import { processSource } from "./process.ts";
import { sdkRoleSource } from "./sdk_role.ts";
import type { CredentialSource, SourceKind } from "./source.ts";
import { ssoSource } from "./sso.ts";
import { webIdentitySource } from "./web_identity.ts";

/** Every kind of source; the last claims every profile. */
export const SOURCES: readonly CredentialSource[] = [
  keysSource,
  ssoSource,
  processSource,
  webIdentitySource,
  sdkRoleSource,
  keyringSource,
];

/** The source of profile `name`, from its settings alone. */
export function sourceOf(settings: ProfileSettings | undefined, name: string): CredentialSource {
  return SOURCES.find((source) => source.claims(settings, name))!;
}

/** The kind of source of profile `name`. */
export function sourceKind(settings: ProfileSettings | undefined, name: string): SourceKind {
  return sourceOf(settings, name).kind;
}
