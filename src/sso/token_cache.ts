/**
 * The SSO token cache the AWS CLI, botocore and the SDKs share: `~/.aws/sso/cache/<sha1 of
 * KEY>.json`, KEY being the `sso_session` name (or a legacy profile's start URL), in exactly the
 * AWS CLI's fields. Files are written 0600 to a new file and renamed into place (never through
 * a symlink), and read only as regular files (never a symlink, FIFO or device). A directory
 * that is not ours alone (a symlink, another owner, writable by others) is neither read nor
 * written: a token planted there could be sent to the portal as ours.
 *
 * @module
 */

import { homeDir } from "../config/paths.ts";
import type { Deps } from "../deps.ts";
import { distrustedDir } from "../system/private_dir.ts";

/** One cached token, in the AWS CLI's fields and formats. */
export interface SsoToken {
  startUrl: string;
  region: string;
  accessToken: string;
  /** `YYYY-MM-DDTHH:MM:SSZ`, UTC. */
  expiresAt: string;
  clientId?: string;
  clientSecret?: string;
  /** `YYYY-MM-DDTHH:MM:SSZ`, UTC: when the client registration ends. */
  registrationExpiresAt?: string;
  refreshToken?: string;
}

/** The cache's directory could not be trusted; nothing in it was read or written. */
export class DistrustedTokenCacheError extends Error {
  override readonly name = "DistrustedTokenCacheError";
}

type CacheDeps = Pick<
  Deps,
  "env" | "os" | "lstat" | "uid" | "readFile" | "writeFileAtomic" | "removeFile"
>;

/** `~/.aws/sso/cache`. */
export function tokenCacheDir(deps: Pick<Deps, "env" | "os">): string {
  return `${homeDir(deps)}/.aws/sso/cache`;
}

/** The token file's name for `key`: the SHA-1 of it in hex, as the AWS CLI names it. */
export async function tokenFileName(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(key));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("") +
    ".json";
}

/** `YYYY-MM-DDTHH:MM:SSZ` for `ms`, the format the AWS CLI writes. */
export function tokenTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Throws when the cache directory (or `~/.aws/sso` above it) cannot be trusted. */
async function requireTrusted(deps: CacheDeps): Promise<string> {
  const dir = tokenCacheDir(deps);
  for (const path of [dir.slice(0, dir.lastIndexOf("/")), dir]) {
    const why = await distrustedDir(path, deps);
    if (why) {
      throw new DistrustedTokenCacheError(
        `the SSO token cache ${path} is not used: ${why}; make it yours alone ` +
          `(chmod 700 ${path}), or remove it and sign in again`,
      );
    }
  }
  return dir;
}

function parseToken(text: string): SsoToken | undefined {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== "object" || data === null) return undefined;
  const text_ = (key: string) => typeof data[key] === "string" ? data[key] as string : undefined;
  const accessToken = text_("accessToken");
  const expiresAt = text_("expiresAt");
  if (!accessToken || !expiresAt || Number.isNaN(Date.parse(expiresAt))) return undefined;
  const token: SsoToken = {
    startUrl: text_("startUrl") ?? "",
    region: text_("region") ?? "",
    accessToken,
    expiresAt,
  };
  for (
    const key of ["clientId", "clientSecret", "registrationExpiresAt", "refreshToken"] as const
  ) {
    const value = text_(key);
    if (value) token[key] = value;
  }
  return token;
}

/**
 * The token cached for `key`; `undefined` when there is none or it is not a token. Throws
 * {@link DistrustedTokenCacheError} for a directory we will not read, and the file system's
 * error (an UnsafeFileError for a symlink or FIFO) otherwise.
 */
export async function readToken(deps: CacheDeps, key: string): Promise<SsoToken | undefined> {
  const dir = await requireTrusted(deps);
  const bytes = await deps.readFile(`${dir}/${await tokenFileName(key)}`);
  return bytes ? parseToken(new TextDecoder().decode(bytes)) : undefined;
}

/** Writes the token for `key` (a new 0600 file renamed into place). */
export async function writeToken(deps: CacheDeps, key: string, token: SsoToken): Promise<void> {
  const dir = await requireTrusted(deps);
  const ordered: Record<string, string> = {
    startUrl: token.startUrl,
    region: token.region,
    accessToken: token.accessToken,
    expiresAt: token.expiresAt,
  };
  for (
    const field of ["clientId", "clientSecret", "registrationExpiresAt", "refreshToken"] as const
  ) {
    if (token[field]) ordered[field] = token[field]!;
  }
  await deps.writeFileAtomic(`${dir}/${await tokenFileName(key)}`, JSON.stringify(ordered));
}

/** Deletes the token for `key`; none there is fine. */
export async function removeToken(deps: CacheDeps, key: string): Promise<void> {
  const dir = await requireTrusted(deps);
  await deps.removeFile(`${dir}/${await tokenFileName(key)}`);
}

/** Milliseconds until `token` expires (negative once it has). */
export function tokenTimeLeft(token: SsoToken, now: number): number {
  return Date.parse(token.expiresAt) - now;
}

/** Whether `token` can be refreshed without a browser: a refresh token and a live client. */
export function refreshable(token: SsoToken, now: number): boolean {
  return Boolean(
    token.refreshToken && token.clientId && token.clientSecret && token.registrationExpiresAt &&
      Date.parse(token.registrationExpiresAt) > now,
  );
}
