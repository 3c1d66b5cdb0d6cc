/**
 * The part of the real outside world (the {@link Deps} seam) that a cache hit touches: the
 * environment, the user's identity, checked file reads and stdout. `systemDeps()` is this plus
 * the rest. The cache hit (src/cli/cache_hit.ts) calls the functions below directly, so that the
 * startup path evaluates none of the rest and the same reads serve both.
 *
 * It imports nothing heavy: node:os is imported lazily, for the user name, and only when neither
 * the environment nor /etc/passwd says.
 *
 * @module
 */

import type { Deps, OsName } from "../deps.ts";
import { UnsafeFileError } from "./unsafe_file_error.ts";
import { importLazily } from "../lazy_import.ts";
import { userFromPasswd } from "./passwd_user.ts";

/** What a cache hit uses of the outside world. */
export type HitDeps = Pick<
  Deps,
  | "env"
  | "envAll"
  | "now"
  | "os"
  | "readTextFile"
  | "readFile"
  | "lstat"
  | "hostname"
  | "uid"
  | "osUptime"
  | "userName"
  | "writeStdout"
>;

const encoder = new TextEncoder();

/** Writes all of `bytes`, however many calls that takes. */
export function writeAllSync(
  writer: { writeSync(p: Uint8Array): number },
  bytes: Uint8Array,
): void {
  let written = 0;
  while (written < bytes.length) written += writer.writeSync(bytes.subarray(written));
}

/** The operating system, as the program tells them apart. */
export function osName(): OsName {
  const os = Deno.build.os;
  return os === "linux" || os === "darwin" || os === "windows" ? os : "other";
}

/** The largest AWS config or credentials file read. */
const MAX_TEXT_FILE_BYTES = 16 * 1024 * 1024;
/** The largest file of our own read with `readFile` (cache entries, the salt). */
const MAX_BINARY_FILE_BYTES = 16 * 1024;

function checkRegular(path: string, stat: (path: string) => Deno.FileInfo, maxBytes: number) {
  const info = stat(path);
  if (info.isSymlink) {
    throw new UnsafeFileError(`${path} is a symbolic link, which is not followed here`);
  }
  if (info.isDirectory) throw new UnsafeFileError(`${path} is a directory`);
  if (!info.isFile) throw new UnsafeFileError(`${path} is not a regular file (a FIFO or device)`);
  if (info.size > maxBytes) {
    throw new UnsafeFileError(`${path} is larger than ${maxBytes} bytes`);
  }
}

/**
 * Reads text file `path` (following a symlink, as the AWS tools do); `undefined` when it does
 * not exist. Special files are refused before they are opened: reading a FIFO blocks forever.
 * Synchronous on purpose: an async read is a hop to Deno's blocking thread pool (~0.1-0.2 ms
 * each, with jitter), and the cache hit makes five reads.
 */
export function readTextFileChecked(path: string): string | undefined {
  try {
    checkRegular(path, Deno.statSync, MAX_TEXT_FILE_BYTES);
    return Deno.readTextFileSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** Reads one of our own small files; a symlink is refused too (lstat). As above otherwise. */
export function readFileChecked(path: string): Uint8Array | undefined {
  try {
    checkRegular(path, Deno.lstatSync, MAX_BINARY_FILE_BYTES);
    return Deno.readFileSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** Status of `path`, a symlink followed; `undefined` when it does not exist. */
export function statOrUndefined(path: string): Deno.FileInfo | undefined {
  try {
    return Deno.statSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** Status of `path` without following a symlink; `undefined` when it does not exist. */
export function lstatOrUndefined(path: string): Deno.FileInfo | undefined {
  try {
    return Deno.lstatSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** The user's name: the environment, else /etc/passwd for our uid, else node:os. */
export async function systemUserName(os: OsName): Promise<string | undefined> {
  const fromEnv = Deno.env.get("USER") || Deno.env.get("USERNAME") || Deno.env.get("LOGNAME");
  if (fromEnv) return fromEnv;
  const uid = os === "windows" ? null : Deno.uid();
  if (uid !== null) {
    try {
      const name = userFromPasswd(readTextFileChecked("/etc/passwd") ?? "", uid);
      if (name) return name;
    } catch {
      // No readable /etc/passwd: node:os asks the system.
    }
  }
  try {
    // Only when the file does not know us: node:os costs ~7 ms of startup.
    const os = await importLazily<typeof import("node:os")>(new URL("node:os"));
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}

/** Wraps a synchronous call as the seam's promise. */
function promised<T>(call: () => T): Promise<T> {
  try {
    return Promise.resolve(call());
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The real {@link HitDeps}. */
export function hitSystemDeps(): HitDeps {
  const os = osName();
  return {
    env: (name) => Deno.env.get(name),
    now: () => Date.now(),
    os,
    readTextFile: (path) => promised(() => readTextFileChecked(path)),
    readFile: (path) => promised(() => readFileChecked(path)),
    hostname: () => Deno.hostname(),
    uid: () => Deno.uid() ?? undefined,
    osUptime: () => Deno.osUptime(),
    // Synchronous: one less thread hop on the hot path, and nothing still in flight when the
    // program calls Deno.exit (an asynchronous stderr write could be cut off there).
    writeStdout: (text) => promised(() => writeAllSync(Deno.stdout, encoder.encode(text))),
    userName: () => systemUserName(os),
    lstat: (path) => promised(() => lstatOrUndefined(path)),
    envAll: () => Deno.env.toObject(),
  };
}
