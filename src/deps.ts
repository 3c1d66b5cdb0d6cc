/**
 * The one seam between the program and the outside world: environment, clock, files, terminal,
 * subprocesses and the standard streams. `main.ts` passes {@link systemDeps}; tests pass fakes.
 *
 * This module is on the cache-hit path: it imports nothing.
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

/** How to run a subprocess. stdin is always closed (never inherited). */
export interface RunOptions {
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
  /** Replaces a file atomically (temp file, fsync, rename), mode 0600, directory 0700. */
  writeFileAtomic(path: string, text: string): Promise<void>;
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
  let input: Deno.FsFile;
  let output: Deno.FsFile;
  try {
    if (os === "windows") {
      input = await Deno.open("CONIN$", { read: true, write: true });
      output = await Deno.open("CONOUT$", { write: true });
    } else {
      input = await Deno.open("/dev/tty", { read: true, write: true });
      output = input;
    }
  } catch {
    // ENXIO (no controlling terminal), ENOENT, permission: no terminal to talk to.
    return undefined;
  }
  if (!input.isTerminal()) {
    input.close();
    if (output !== input) output.close();
    return undefined;
  }
  return {
    read: (buffer) => input.read(buffer),
    write: (text) => writeAll(output, encoder.encode(text)),
    setRaw: (raw) => input.setRaw(raw),
    close: () => {
      input.close();
      if (output !== input) output.close();
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
    stdin: "null",
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
    async readTextFile(path) {
      try {
        return await Deno.readTextFile(path);
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) return undefined;
        throw error;
      }
    },
    async writeFileAtomic(path, text) {
      await Deno.mkdir(dirnameOf(path), { recursive: true, mode: 0o700 });
      const temp = `${path}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
      const file = await Deno.open(temp, { write: true, createNew: true, mode: 0o600 });
      try {
        await writeAll(file, encoder.encode(text));
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
    async appendTextFile(path, text) {
      await Deno.mkdir(dirnameOf(path), { recursive: true, mode: 0o700 });
      await Deno.writeTextFile(path, text, { append: true, mode: 0o600 });
    },
    writeStdout: (text) => writeAll(Deno.stdout, encoder.encode(text)),
    writeStderr: (text) => writeAll(Deno.stderr, encoder.encode(text)),
    stderrIsTerminal: () => Deno.stderr.isTerminal(),
    openTerminal: () => openSystemTerminal(os),
    runProcess: (command, args, options) => runSystemProcess(os, command, args, options),
    async userName() {
      const fromEnv = Deno.env.get("USER") || Deno.env.get("USERNAME") || Deno.env.get("LOGNAME");
      if (fromEnv) return fromEnv;
      try {
        // Only on the miss path: node:os costs ~7 ms of startup.
        return (await import("node:os")).userInfo().username;
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
