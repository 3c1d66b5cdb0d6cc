/**
 * What `exec` gives its child: the command (default: the user's shell), and the environment
 * without the variables that would point the SDKs elsewhere. Shared by the `exec` command and
 * the cache hit, which serves `exec` with cached credentials in the same way.
 *
 * On the cache-hit path: no imports.
 *
 * @module
 */

/** Variables the child never inherits: they would point the SDKs elsewhere. */
const DROPPED = [
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_SECURITY_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
];

/** `env` without {@link DROPPED}, and naming the profile, so that a nested `exec` is refused. */
export function childBaseEnvironment(
  env: Record<string, string>,
  profile: string,
): Record<string, string> {
  for (const name of DROPPED) delete env[name];
  env.VEGAS_CREDENTIALS_PROFILE = profile;
  return env;
}

/** The command line to run: `rest` as given, else `$SHELL` (`%COMSPEC%`), else the system's. */
export function childCommand(
  rest: string[],
  os: string,
  env: (name: string) => string | undefined,
): string[] {
  if (rest.length > 0) return rest;
  return [
    env(os === "windows" ? "COMSPEC" : "SHELL") ?? (os === "windows" ? "cmd.exe" : "/bin/sh"),
  ];
}
