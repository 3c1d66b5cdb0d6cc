/**
 * The user name for a uid from `/etc/passwd` text.
 *
 * Written by hand for speed: a cache hit with `USER` unset (containers, CI, IDE launchers,
 * `env -i`) needs the name for the role session, and `node:os`'s `userInfo()` costs ~7 ms of
 * loading, a third of a bare `deno run`; reading and scanning the file costs ~0.1 ms. Users that
 * only a directory service knows (LDAP, macOS) are not in the file: the caller falls back to
 * `node:os` then. tests/system/passwd_user_test.ts checks it against `userInfo()`.
 *
 * @module
 */

/** The name of `uid` in `passwdText` (`name:password:uid:gid:gecos:home:shell` lines). */
export function userFromPasswd(passwdText: string, uid: number): string | undefined {
  const wanted = String(uid);
  for (const line of passwdText.split("\n")) {
    if (line === "" || line.startsWith("#") || line.startsWith("+") || line.startsWith("-")) {
      continue;
    }
    const fields = line.split(":");
    if (fields.length >= 7 && fields[2] === wanted && fields[0] !== "") return fields[0];
  }
  return undefined;
}
