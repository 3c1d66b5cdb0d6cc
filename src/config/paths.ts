/**
 * Where the AWS shared files and this tool's state live, resolved from the environment the way
 * the SDKs do: `AWS_CONFIG_FILE` or `~/.aws/config`, `AWS_SHARED_CREDENTIALS_FILE` or
 * `~/.aws/credentials`, only a leading `~/` expanded, home from `HOME`, then `USERPROFILE`, then
 * `HOMEDRIVE` + `HOMEPATH`.
 *
 * @module
 */

import type { Deps } from "../deps.ts";

type EnvDeps = Pick<Deps, "env" | "os">;

/** The user's home directory: `HOME`, then `USERPROFILE`, then `HOMEDRIVE` + `HOMEPATH`. */
export function homeDir(deps: EnvDeps): string {
  const home = deps.env("HOME") || deps.env("USERPROFILE");
  if (home) return home;
  const homePath = deps.env("HOMEPATH");
  if (homePath) return (deps.env("HOMEDRIVE") ?? "C:\\") + homePath;
  return deps.os === "windows" ? "C:\\" : "/";
}

/**
 * `path` without trailing slashes or backslashes, as `path.replace(/[\\/]+$/, "")`. Written by
 * hand for speed: the first use of that regular expression costs ~0.15 ms of the cache hit.
 * tests/config/paths_test.ts compares the two.
 */
export function trimTrailingSeparators(path: string): string {
  let end = path.length;
  while (end > 0 && (path[end - 1] === "/" || path[end - 1] === "\\")) end--;
  return path.slice(0, end);
}

function join(deps: EnvDeps, ...parts: string[]): string {
  const separator = deps.os === "windows" ? "\\" : "/";
  return parts.map((part, index) => index === 0 ? trimTrailingSeparators(part) : part)
    .join(separator);
}

/** Expands a leading `~/` (only that, like the SDKs). */
export function expandHome(deps: EnvDeps, path: string): string {
  return path.startsWith("~/") ? join(deps, homeDir(deps), path.slice(2)) : path;
}

/** The shared config file: `AWS_CONFIG_FILE` or `~/.aws/config`. */
export function configFilePath(deps: EnvDeps): string {
  const fromEnv = deps.env("AWS_CONFIG_FILE");
  return fromEnv ? expandHome(deps, fromEnv) : join(deps, homeDir(deps), ".aws", "config");
}

/** The shared credentials file: `AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/credentials`. */
export function credentialsFilePath(deps: EnvDeps): string {
  const fromEnv = deps.env("AWS_SHARED_CREDENTIALS_FILE");
  return fromEnv ? expandHome(deps, fromEnv) : join(deps, homeDir(deps), ".aws", "credentials");
}

/** This tool's directory of one kind: the XDG variable, else the platform's usual place. */
function appDir(deps: EnvDeps, xdgVariable: string, macOs: string[], linux: string[]): string {
  const xdg = deps.env(xdgVariable);
  if (xdg) return join(deps, xdg, "vegas-credentials");
  if (deps.os === "darwin") return join(deps, homeDir(deps), ...macOs, "vegas-credentials");
  if (deps.os === "windows") {
    const local = deps.env("LOCALAPPDATA") ?? join(deps, homeDir(deps), "AppData", "Local");
    return join(deps, local, "vegas-credentials");
  }
  return join(deps, homeDir(deps), ...linux, "vegas-credentials");
}

/**
 * The directory for this tool's log file: `XDG_STATE_HOME/vegas-credentials` where set, else
 * `~/.local/state/vegas-credentials` (Linux), `~/Library/Logs/vegas-credentials` (macOS),
 * `%LOCALAPPDATA%\vegas-credentials` (Windows).
 */
export function stateDir(deps: EnvDeps): string {
  return appDir(deps, "XDG_STATE_HOME", ["Library", "Logs"], [".local", "state"]);
}

/**
 * Where the encrypted-file keyring lives: `XDG_DATA_HOME/vegas-credentials` where set, else
 * `~/.local/share/vegas-credentials` (Linux), `~/Library/Application Support/vegas-credentials`
 * (macOS), `%LOCALAPPDATA%\vegas-credentials` (Windows).
 */
export function dataDir(deps: EnvDeps): string {
  return appDir(deps, "XDG_DATA_HOME", ["Library", "Application Support"], [".local", "share"]);
}

/**
 * The credentials cache: `XDG_CACHE_HOME/vegas-credentials` where set, else
 * `~/.cache/vegas-credentials` (Linux), `~/Library/Caches/vegas-credentials` (macOS),
 * `%LOCALAPPDATA%\vegas-credentials` (Windows).
 */
export function cacheDir(deps: EnvDeps): string {
  return appDir(deps, "XDG_CACHE_HOME", ["Library", "Caches"], [".cache"]);
}

/** The log file inside {@link stateDir}. */
export function logFilePath(deps: EnvDeps): string {
  return join(deps, stateDir(deps), "vegas-credentials.log");
}

/** The file remembering the last TOTP step used per MFA device, inside {@link stateDir}. */
export function usedStepsFilePath(deps: EnvDeps): string {
  return join(deps, stateDir(deps), "mfa-steps.json");
}

/** The short memory of a refused MFA prompt (src/mfa/mfa_refusal.ts). */
export function mfaRefusalFilePath(deps: EnvDeps): string {
  return join(deps, stateDir(deps), "mfa-refusal.json");
}

/** A path for messages: the home directory shown as `~`. */
export function displayPath(deps: EnvDeps, path: string): string {
  const home = homeDir(deps);
  if (
    home.length > 1 &&
    (path === home || path.startsWith(home + "/") || path.startsWith(home + "\\"))
  ) {
    return "~" + path.slice(home.length);
  }
  return path;
}
