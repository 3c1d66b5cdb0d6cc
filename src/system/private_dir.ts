/**
 * Whether a directory of ours can be trusted: ours, not writable by others, not a symlink. A
 * directory that others can write lets them plant files (cache entries, a salt, a keyring) of
 * their choosing. On the cache-hit path: one lstat.
 *
 * @module
 */

import type { Deps } from "../deps.ts";

/** Why `path` cannot be trusted, or `undefined` when it can (or does not exist yet). */
export async function distrustedDir(
  path: string,
  deps: Pick<Deps, "lstat" | "uid">,
): Promise<string | undefined> {
  const uid = deps.uid();
  // Windows: the profile directory's ACL applies.
  return uid === undefined ? undefined : distrustOf(await deps.lstat(path), uid);
}

/** Why a directory with status `info` (from lstat) cannot be trusted by user `uid`. */
export function distrustOf(info: Deno.FileInfo | undefined, uid: number): string | undefined {
  if (!info) return undefined;
  if (info.isSymlink) return "it is a symbolic link";
  if (!info.isDirectory) return "it is not a directory";
  if (info.uid !== uid) return `it belongs to uid ${info.uid}, not to you (uid ${uid})`;
  if (((info.mode ?? 0) & 0o022) !== 0) {
    return `others may write to it (mode ${((info.mode ?? 0) & 0o777).toString(8)})`;
  }
  return undefined;
}
