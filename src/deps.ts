import { importLazily } from "./lazy_import.ts";

/**
 * The one seam between the program and the outside world: environment, clock, files, terminal,
 * subprocesses and the standard streams. `main.ts` passes {@link systemDeps}; tests pass fakes.
 *
 * This module is on the cache-hit path: it imports nothing but the lazy-import helper.
 *
 * @module
 */

/** The operating systems the program distinguishes. */
export type OsName = "linux" | "darwin" | "windows" | "other";

/** An interactive terminal: the controlling terminal, never stdin/stdout. */
export interface Terminal {
  /** Reads raw bytes typed by the user; resolves `null` at end of input. */
  read(buffer: Uint8Array): Promise<number | null>;
  /** Writes text to the terminal. */
  write(text: string): Promise<void>;
  /** Switches raw mode (no echo, byte by byte, Ctrl-C as a byte) on or off. */
  setRaw(raw: boolean): void;
  /** Closes the terminal handles. */
  close(): void;
}

/** What a finished subprocess left behind. */
export interface ProcessResult {
  /** Exit code, or `null` when the process was killed. */
  code: number | null;
  stdout: Uint8Array;
  stderr: Uint8Array;
  /** True when the process was killed because it ran past its timeout. */
  timedOut: boolean;
}

/** How to run a subprocess. Its stdin is never inherited: closed, or fed `stdin` then closed. */
export interface RunOptions {
  /** Text written to the process's stdin (for a secret that must not go in argv). */
  stdin?: string;
  /** Kill the process (and its process group) after this many milliseconds. */
  timeoutMs: number;
  /** Aborting kills the process (and its process group). */
  signal?: AbortSignal;
}

/** Everything the program needs from the outside world. */
export interface Deps {
  /** Reads an environment variable; `undefined` when unset. */
  env(name: string): string | undefined;
  /** The whole environment, for child processes. */
  envObject(): Record<string, string>;
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds, or rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** The operating system. */
  os: OsName;
  /** This process's id, for log lines. */
  pid: number;
  /** Reads a UTF-8 file; `undefined` when it does not exist. Other failures throw. */
  readTextFile(path: string): Promise<string | undefined>;
  /** Reads a file's bytes; `undefined` when it does not exist. Other failures throw. */
  readFile(path: string): Promise<Uint8Array | undefined>;
  /** Replaces a file atomically (temp file, fsync, rename), mode 0600, directory 0700. */
  writeFileAtomic(path: string, data: string | Uint8Array): Promise<void>;
  /** Creates a file only if it does not exist (mode 0600, directory 0700); false if it did. */
  createFileExclusive(path: string, data: Uint8Array): Promise<boolean>;
  /** Removes a file; a missing file is not an error. */
  removeFile(path: string): Promise<void>;
  /** The names of the files in a directory; empty when it does not exist. */
  listDir(path: string): Promise<string[]>;
  /**
   * Takes an exclusive lock on `path` (created 0600 if missing), waiting for other processes
   * that hold it; the kernel releases it if the process dies. Resolves to the release function.
   */
  lockFile(path: string): Promise<() => void>;
  /** The machine's host name. */
  hostname(): string;
  /** The user id (POSIX), or `undefined` (Windows). */
  uid(): number | undefined;
  /** Seconds since boot, whole seconds. */
  osUptime(): number;
  /** Appends to a file, creating it (mode 0600) and its directory (0700) when missing. */
  appendTextFile(path: string, text: string): Promise<void>;
  /** Writes to standard output: the credential channel. */
  writeStdout(text: string): Promise<void>;
  /** Writes to standard error. */
  writeStderr(text: string): Promise<void>;
  /** Whether standard error is a terminal (for colour). */
  stderrIsTerminal(): boolean;
  /** Opens the controlling terminal; `undefined` when the process has none. */
  openTerminal(): Promise<Terminal | undefined>;
  /** The full path of a program found on PATH (with PATHEXT on Windows), or `undefined`. */
  findExecutable(name: string): Promise<string | undefined>;
  /** Runs a program without a shell and collects its output. */
  runProcess(command: string, args: string[], options: RunOptions): Promise<ProcessResult>;
  /** The OS user's login name, for the default role session name. */
  userName(): Promise<string | undefined>;
  /** Registers a callback for Ctrl-C (SIGINT) outside raw mode; returns an unregister function. */
  onInterrupt(callback: () => void): () => void;
}

const encoder = new TextEncoder();

async function writeAll(
  writer: { write(p: Uint8Array): Promise<number> },
  bytes: Uint8Array,
): Promise<void> {
  let written = 0;
  while (written < bytes.length) written += await writer.write(bytes.subarray(written));
}

function osName(): OsName {
  const os = Deno.build.os;
  return os === "linux" || os === "darwin" || os === "windows" ? os : "other";
}

function dirnameOf(path: string): string {
  const index = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return index > 0 ? path.slice(0, index) : ".";
}

async function openSystemTerminal(os: OsName): Promise<Terminal | undefined> {
  // Two handles: Deno serialises operations on one file, so a write on the handle that has a read
  // pending would wait for the next key press.
  const [inputPath, outputPath] = os === "windows"
    ? ["CONIN$", "CONOUT$"]
    : ["/dev/tty", "/dev/tty"];
  let input: Deno.FsFile;
  let output: Deno.FsFile;
  try {
    input = await Deno.open(inputPath, { read: true, write: os === "windows" });
  } catch {
    // ENXIO (no controlling terminal), ENOENT, permission: no terminal to talk to.
    return undefined;
  }
  try {
    output = await Deno.open(outputPath, { write: true });
  } catch {
    input.close();
    return undefined;
  }
  if (!input.isTerminal()) {
    input.close();
    output.close();
    return undefined;
  }
  return {
    read: (buffer) => input.read(buffer),
    write: (text) => writeAll(output, encoder.encode(text)),
    setRaw: (raw) => input.setRaw(raw),
    close: () => {
      input.close();
      output.close();
    },
  };
}

function killTree(child: Deno.ChildProcess, os: OsName): void {
  try {
    // The child was spawned detached, so it leads its own process group: kill the whole group,
    // or a shell script's grandchildren would keep the pipes open (facts §5).
    if (os === "windows") child.kill("SIGKILL");
    else Deno.kill(-child.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

async function runSystemProcess(
  os: OsName,
  command: string,
  args: string[],
  options: RunOptions,
): Promise<ProcessResult> {
  const child = new Deno.Command(command, {
    args,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    detached: os !== "windows",
  }).spawn();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killTree(child, os);
  }, options.timeoutMs);
  const onAbort = () => killTree(child, os);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    writer.write(encoder.encode(options.stdin)).then(() => writer.close()).catch(() => {});
  }
  try {
    const output = await child.output();
    return {
      code: output.signal === null ? output.code : null,
      stdout: output.stdout,
      stderr: output.stderr,
      timedOut,
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}

async function findOnPath(name: string, os: OsName): Promise<string | undefined> {
  const separator = os === "windows" ? ";" : ":";
  const extensions = os === "windows"
    ? ["", ...(Deno.env.get("PATHEXT") ?? ".EXE;.CMD;.BAT").toLowerCase().split(";")]
    : [""];
  for (const dir of (Deno.env.get("PATH") ?? "").split(separator)) {
    if (!dir) continue;
    for (const extension of extensions) {
      const candidate = `${dir}${os === "windows" ? "\\" : "/"}${name}${extension}`;
      try {
        const info = await Deno.stat(candidate);
        if (info.isFile && (os === "windows" || ((info.mode ?? 0) & 0o111) !== 0)) return candidate;
      } catch {
        // Not here.
      }
    }
  }
  return undefined;
}

/** The real outside world. */
export function systemDeps(): Deps {
  const os = osName();
  return {
    env: (name) => Deno.env.get(name),
    envObject: () => Deno.env.toObject(),
    now: () => Date.now(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const timer = setTimeout(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }, ms);
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal!.reason);
        };
        signal?.addEventListener("abort", onAbort, { once: true });
      }),
    os,
    pid: Deno.pid,
    // Reads are synchronous on purpose: an async read is a hop to Deno's blocking thread pool
    // (~0.1-0.2 ms each, with jitter), and the cache-hit path makes five of them.
    readTextFile(path) {
      try {
        return Promise.resolve(Deno.readTextFileSync(path));
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) return Promise.resolve(undefined);
        return Promise.reject(error);
      }
    },
    readFile(path) {
      try {
        return Promise.resolve(Deno.readFileSync(path));
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) return Promise.resolve(undefined);
        return Promise.reject(error);
      }
    },
    async writeFileAtomic(path, data) {
      await Deno.mkdir(dirnameOf(path), { recursive: true, mode: 0o700 });
      const temp = `${path}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
      const file = await Deno.open(temp, { write: true, createNew: true, mode: 0o600 });
      try {
        await writeAll(file, typeof data === "string" ? encoder.encode(data) : data);
        await file.sync();
      } finally {
        file.close();
      }
      try {
        await Deno.rename(temp, path);
      } catch (error) {
        await Deno.remove(temp).catch(() => {});
        throw error;
      }
    },
    async createFileExclusive(path, data) {
      await Deno.mkdir(dirnameOf(path), { recursive: true, mode: 0o700 });
      let file: Deno.FsFile;
      try {
        file = await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
      } catch (error) {
        if (error instanceof Deno.errors.AlreadyExists) return false;
        throw error;
      }
      try {
        await writeAll(file, data);
        await file.sync();
      } finally {
        file.close();
      }
      return true;
    },
    async removeFile(path) {
      try {
        await Deno.remove(path);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
    },
    async listDir(path) {
      const names: string[] = [];
      try {
        for await (const entry of Deno.readDir(path)) if (entry.isFile) names.push(entry.name);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
      return names;
    },
    async lockFile(path) {
      await Deno.mkdir(dirnameOf(path), { recursive: true, mode: 0o700 });
      const file = await Deno.open(path, { read: true, write: true, create: true, mode: 0o600 });
      try {
        await file.lock(true);
      } catch (error) {
        file.close();
        throw error;
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          file.unlockSync();
        } finally {
          file.close();
        }
      };
    },
    hostname: () => Deno.hostname(),
    uid: () => Deno.uid() ?? undefined,
    osUptime: () => Deno.osUptime(),
    async appendTextFile(path, text) {
      await Deno.mkdir(dirnameOf(path), { recursive: true, mode: 0o700 });
      await Deno.writeTextFile(path, text, { append: true, mode: 0o600 });
    },
    writeStdout(text) {
      // Synchronous for the same reason as the reads: one less thread hop on the hot path.
      const bytes = encoder.encode(text);
      let written = 0;
      while (written < bytes.length) written += Deno.stdout.writeSync(bytes.subarray(written));
      return Promise.resolve();
    },
    writeStderr: (text) => writeAll(Deno.stderr, encoder.encode(text)),
    stderrIsTerminal: () => Deno.stderr.isTerminal(),
    openTerminal: () => openSystemTerminal(os),
    findExecutable: (name) => findOnPath(name, os),
    runProcess: (command, args, options) => runSystemProcess(os, command, args, options),
    async userName() {
      const fromEnv = Deno.env.get("USER") || Deno.env.get("USERNAME") || Deno.env.get("LOGNAME");
      if (fromEnv) return fromEnv;
      try {
        // Only on the miss path: node:os costs ~7 ms of startup.
        const os = await importLazily<typeof import("node:os")>(new URL("node:os"));
        return os.userInfo().username;
      } catch {
        return undefined;
      }
    },
    onInterrupt(callback) {
      Deno.addSignalListener("SIGINT", callback);
      return () => Deno.removeSignalListener("SIGINT", callback);
    },
  };
}
