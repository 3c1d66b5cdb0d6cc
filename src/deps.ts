/**
 * The one seam between the program and the outside world: environment, clock, files, terminal,
 * subprocesses and the standard streams. `main.ts` passes {@link systemDeps}; tests pass fakes.
 *
 * The real implementation is `system_deps.ts`. This module holds only types.
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

/** The signals that end the program when they come from outside. */
export type EndSignal = "SIGINT" | "SIGTERM" | "SIGHUP";

/** A child process that shares our terminal (`exec`). */
export interface InheritedChild {
  /** Resolves when it ends: its exit code, or the signal that killed it. */
  status: Promise<{ code: number; signal: string | null }>;
  /** Sends it a signal. */
  kill(signal: Deno.Signal): void;
}

/** A running HTTP listener. */
export interface HttpListener {
  /** The port it listens on (the one chosen when 0 was asked). */
  port: number;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Everything the program needs from the outside world. */
export interface Deps {
  /** Reads an environment variable; `undefined` when unset. */
  env(name: string): string | undefined;
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
  /**
   * Replaces a file atomically (temp file, fsync, rename), mode 0600, directory 0700. With
   * `durable: false` the fsync is left out: for what is only a shortcut (a memo), which a crash
   * may lose but never tear, as a torn one fails its check.
   */
  writeFileAtomic(
    path: string,
    data: string | Uint8Array,
    options?: { durable?: boolean },
  ): Promise<void>;
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
  /** Whether stdout is a terminal (colour in reports printed there). */
  stdoutIsTerminal(): boolean;
  /** Opens the controlling terminal; `undefined` when the process has none. */
  openTerminal(): Promise<Terminal | undefined>;
  /** The full path of a program found on PATH (with PATHEXT on Windows), or `undefined`. */
  findExecutable(name: string): Promise<string | undefined>;
  /** Runs a program without a shell and collects its output. */
  runProcess(command: string, args: string[], options: RunOptions): Promise<ProcessResult>;
  /** The OS user's login name, for the default role session name. */
  userName(): Promise<string | undefined>;
  /** An HTTP GET with a time limit: the status and the body as text. */
  httpGet(url: string, options: { timeoutMs: number }): Promise<{ status: number; body: string }>;
  /** Renames a file, replacing `to` if it exists. */
  renameFile(from: string, to: string): Promise<void>;
  /** A path's own metadata, not following a symlink; `undefined` when it does not exist. */
  lstat(path: string): Promise<Deno.FileInfo | undefined>;
  /** The whole environment, for a child process. */
  envAll(): Record<string, string>;
  /**
   * Starts a program (found on PATH) with our stdin, stdout and stderr and exactly `env`.
   * Throws `Deno.errors.NotFound` when there is no such program.
   */
  spawnInherited(command: string, args: string[], env: Record<string, string>): InheritedChild;
  /** Calls `handler` on SIGINT, SIGTERM and SIGHUP instead of dying; returns the remover. */
  onEndSignals(handler: (signal: EndSignal) => void): () => void;
  /** Serves HTTP on `hostname:port` (0: any free port). */
  listenHttp(
    options: { hostname: string; port: number },
    handler: (request: Request, clientAddress: string) => Promise<Response>,
  ): Promise<HttpListener>;
  /**
   * Creates an empty file only we can read, in a fresh private directory: its path, and the
   * remover of the whole directory (with whatever else was written into it).
   */
  makePrivateTempFile(name: string): Promise<{ path: string; remove(): Promise<void> }>;
  /**
   * Whether this process is in the foreground process group of its controlling terminal, so
   * that a Ctrl-C there reaches its children too; false with no terminal, or when unknown.
   */
  inTerminalForeground(): boolean;
  /**
   * Starts a program that outlives us (a browser), without a shell, with no stdio; resolves
   * once it has run a moment: its exit code when it ended already (a launcher that hands over),
   * `undefined` while it runs. Throws `Deno.errors.NotFound` when there is no such program.
   */
  launchDetached(command: string, args: string[]): Promise<number | undefined>;
  /** Creates a directory (and its parents) only we can use; refuses a symlink in its place. */
  makePrivateDir(path: string): Promise<void>;
}
