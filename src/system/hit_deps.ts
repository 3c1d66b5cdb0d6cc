/**
 * The part of the real outside world (the {@link Deps} seam) that a cache hit touches: the
 * environment, the user's identity, file reads and stdout. `systemDeps()` is this plus the
 * rest; the cache hit (src/cli/cache_hit.ts) takes only this, so that the startup path
 * evaluates none of the rest.
 *
 * It imports nothing heavy: node:os is imported lazily, for the user name, and only when neither
 * the environment nor /etc/passwd says.
 *
 * @module
 */

import type { Deps, OsName } from "../deps.ts";
import { UnsafeFileError } from "../errors.ts";
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

/** The real {@link HitDeps}. */
export function hitSystemDeps(): HitDeps {
  const os = osName();
  return {
    env: (name) => Deno.env.get(name),
    now: () => Date.now(),
    os,
    // Reads are synchronous on purpose: an async read is a hop to Deno's blocking thread pool
    // (~0.1-0.2 ms each, with jitter), and the cache-hit path makes five of them.
    // Special files are refused before they are opened: reading a FIFO blocks forever.
    readTextFile(path) {
      try {
        checkRegular(path, Deno.statSync, MAX_TEXT_FILE_BYTES);
        return Promise.resolve(Deno.readTextFileSync(path));
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) return Promise.resolve(undefined);
        return Promise.reject(error);
      }
    },
    readFile(path) {
      try {
        // Our own small files: a symlink is refused too (lstat).
        checkRegular(path, Deno.lstatSync, MAX_BINARY_FILE_BYTES);
        return Promise.resolve(Deno.readFileSync(path));
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) return Promise.resolve(undefined);
        return Promise.reject(error);
      }
    },
    hostname: () => Deno.hostname(),
    uid: () => Deno.uid() ?? undefined,
    osUptime: () => Deno.osUptime(),
    // Synchronous: one less thread hop on the hot path, and nothing still in flight when the
    // program calls Deno.exit (an asynchronous stderr write could be cut off there).
    writeStdout: (text) => Promise.resolve(writeAllSync(Deno.stdout, encoder.encode(text))),
    async userName() {
      const fromEnv = Deno.env.get("USER") || Deno.env.get("USERNAME") || Deno.env.get("LOGNAME");
      if (fromEnv) return fromEnv;
      const uid = os === "windows" ? null : Deno.uid();
      if (uid !== null) {
        try {
          checkRegular("/etc/passwd", Deno.statSync, MAX_TEXT_FILE_BYTES);
          const name = userFromPasswd(Deno.readTextFileSync("/etc/passwd"), uid);
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
    },
    lstat(path) {
      try {
        return Promise.resolve(Deno.lstatSync(path));
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) return Promise.resolve(undefined);
        return Promise.reject(error);
      }
    },
    envAll: () => Deno.env.toObject(),
  };
}
