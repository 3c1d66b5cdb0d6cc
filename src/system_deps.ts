/**
 * The real outside world behind the {@link Deps} seam: Deno's file system, environment,
 * terminal and subprocesses. Only the full program (src/cli/program.ts) and tests that need the
 * real thing use it. The part a cache hit needs is src/system/hit_deps.ts, spread in here.
 *
 * @module
 */

import type {
  Deps,
  EndSignal,
  HttpListener,
  OsName,
  ProcessResult,
  RunOptions,
  Terminal,
} from "./deps.ts";
import { hitSystemDeps, osName, writeAllSync } from "./system/hit_deps.ts";
import { UnsafeFileError } from "./errors.ts";
import { inTerminalForeground } from "./system/terminal_foreground.ts";
import { spawnInheritedChild } from "./system/inherited_child.ts";
import { watchdog } from "./system/watchdog.ts";

const encoder = new TextEncoder();

async function writeAll(
  writer: { write(p: Uint8Array): Promise<number> },
  bytes: Uint8Array,
): Promise<void> {
  let written = 0;
  while (written < bytes.length) written += await writer.write(bytes.subarray(written));
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
    // or a shell script's grandchildren would keep the pipes open (killing only the shell leaves
    // them running, holding our pipes).
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
  const unwatch = os === "windows" ? () => {} : watchdog(`-${child.pid}`, "KILL");
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
  const stdout = new Response(child.stdout).bytes();
  const stderr = new Response(child.stderr).bytes();
  let grace: ReturnType<typeof setTimeout> | undefined;
  try {
    const status = await child.status;
    // A background grandchild may hold the pipes open after the command itself ended (an
    // mfa_process that starts an agent): give it a moment, then end the group, so the answer
    // does not wait for the timeout.
    grace = setTimeout(() => killTree(child, os), PIPE_GRACE_MS);
    const [out, err] = await Promise.all([stdout, stderr]);
    return {
      code: status.signal === null ? status.code : null,
      stdout: out,
      stderr: err,
      timedOut,
    };
  } finally {
    clearTimeout(timer);
    clearTimeout(grace);
    options.signal?.removeEventListener("abort", onAbort);
    unwatch();
  }
}

/** How long a finished command's background children may keep its output pipes open. */
const PIPE_GRACE_MS = 500;

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

/**
 * Opens (creating it 0600) the lock file `path` without following a symlink: one in its place,
 * or anything but a regular file, is removed and a real file made (the directory is ours alone).
 */
async function openLockFile(path: string): Promise<Deno.FsFile> {
  for (let attempt = 0;; attempt++) {
    try {
      return await Deno.open(path, { read: true, write: true, createNew: true, mode: 0o600 });
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
    let info: Deno.FileInfo;
    try {
      info = Deno.lstatSync(path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) continue; // Removed meanwhile: create it.
      throw error;
    }
    if (info.isFile) return await Deno.open(path, { read: true, write: true });
    if (attempt >= 3) {
      throw new UnsafeFileError(`${path} keeps being replaced by something other than a file`);
    }
    await Deno.remove(path).catch(() => {});
  }
}

const END_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function onSystemEndSignals(os: OsName, handler: (signal: EndSignal) => void): () => void {
  // Windows knows only SIGINT (Ctrl-C) and SIGBREAK.
  const signals = os === "windows" ? (["SIGINT"] as const) : END_SIGNALS;
  const listeners = signals.map((signal) => {
    const listener = () => handler(signal);
    Deno.addSignalListener(signal, listener);
    return () => Deno.removeSignalListener(signal, listener);
  });
  return () => listeners.forEach((remove) => remove());
}

async function listenSystemHttp(
  options: { hostname: string; port: number },
  handler: (request: Request, clientAddress: string) => Promise<Response>,
): Promise<HttpListener> {
  const ready = Promise.withResolvers<number>();
  const server = Deno.serve({
    hostname: options.hostname,
    port: options.port,
    onListen: ({ port }) => ready.resolve(port),
    onError: () => new Response(null, { status: 500 }),
  }, (request, info) => {
    const address = info.remoteAddr as Deno.NetAddr;
    return handler(request, `${address.hostname}:${address.port}`);
  });
  server.finished.catch(ready.reject);
  const port = await ready.promise;
  return {
    port,
    close: async () => {
      await server.shutdown();
    },
  };
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
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
  });
}

/** A new file beside `path` (0600, directory 0700), synced unless not durable, then renamed. */
async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: { durable?: boolean } = {},
): Promise<void> {
  await Deno.mkdir(dirnameOf(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  const file = await Deno.open(temp, { write: true, createNew: true, mode: 0o600 });
  try {
    await writeAll(file, typeof data === "string" ? encoder.encode(data) : data);
    if (options.durable !== false) await file.sync();
  } finally {
    file.close();
  }
  try {
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
}

/** Creates `path` with `data` only if it does not exist; false if it did. */
async function createFileExclusive(path: string, data: Uint8Array): Promise<boolean> {
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
}

/** Removes a file; a missing one is not an error. */
async function removeFile(path: string): Promise<void> {
  try {
    await Deno.remove(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

/** The names of the plain files in `path`; empty when it does not exist. */
async function listFiles(path: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(path)) if (entry.isFile) names.push(entry.name);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return names;
}

/** An exclusive lock on `path`, waiting for other holders; resolves to the release function. */
async function lockFile(path: string): Promise<() => void> {
  await Deno.mkdir(dirnameOf(path), { recursive: true, mode: 0o700 });
  const file = await openLockFile(path);
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
}

/** An empty 0600 file in a fresh 0700 directory, and the remover of the whole directory. */
async function makePrivateTempFile(
  name: string,
  os: OsName,
): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await Deno.makeTempDir({ prefix: "vegas-credentials-" });
  await Deno.chmod(dir, 0o700).catch(() => {});
  const path = `${dir}${os === "windows" ? "\\" : "/"}${name}`;
  const file = await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
  file.close();
  return { path, remove: () => Deno.remove(dir, { recursive: true }) };
}

/** A program that outlives us, in a process group of its own; see {@link Deps.launchDetached}. */
async function launchDetached(command: string, args: string[]): Promise<number | undefined> {
  const child = new Deno.Command(command, {
    args,
    stdin: "null",
    stdout: "null",
    stderr: "null",
    detached: true,
  }).spawn();
  child.unref();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ran = new Promise<undefined>((resolve) =>
    timer = setTimeout(() => resolve(undefined), 1_000)
  );
  const code = await Promise.race([child.status.then((status) => status.code), ran]);
  clearTimeout(timer);
  return code;
}

/** A 0700 directory at `path` (parents too); a symlink or file in its place is refused. */
async function makePrivateDir(path: string): Promise<void> {
  await Deno.mkdir(path, { recursive: true, mode: 0o700 });
  const info = await Deno.lstat(path);
  if (!info.isDirectory || (Deno.uid() !== null && info.uid !== Deno.uid())) {
    throw new UnsafeFileError(
      `${path} is ${info.isSymlink ? "a symlink" : "not a directory of ours"}; remove it`,
    );
  }
  await Deno.chmod(path, 0o700).catch(() => {});
}

/** The real outside world. */
export function systemDeps(): Deps {
  const os = osName();
  return {
    ...hitSystemDeps(),
    sleep: sleepFor,
    pid: Deno.pid,
    writeFileAtomic,
    createFileExclusive,
    removeFile,
    listDir: listFiles,
    lockFile,
    async appendTextFile(path, text) {
      await Deno.mkdir(dirnameOf(path), { recursive: true, mode: 0o700 });
      // A file handle, not Deno.writeTextFile, which loads Deno's streams code (~4 ms) on first
      // use: every command that logs a line would pay it.
      using file = await Deno.open(path, { append: true, create: true, mode: 0o600 });
      await writeAll(file, encoder.encode(text));
    },
    writeStderr: (text) => Promise.resolve(writeAllSync(Deno.stderr, encoder.encode(text))),
    stderrIsTerminal: () => Deno.stderr.isTerminal(),
    stdoutIsTerminal: () => Deno.stdout.isTerminal(),
    openTerminal: () => openSystemTerminal(os),
    findExecutable: (name) => findOnPath(name, os),
    runProcess: (command, args, options) => runSystemProcess(os, command, args, options),
    renameFile: (from, to) => Deno.rename(from, to),
    async httpGet(url, options) {
      const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs) });
      return { status: response.status, body: await response.text() };
    },
    spawnInherited: spawnInheritedChild,
    onEndSignals: (handler) => onSystemEndSignals(os, handler),
    listenHttp: listenSystemHttp,
    makePrivateTempFile: (name) => makePrivateTempFile(name, os),
    inTerminalForeground: () => inTerminalForeground(os),
    launchDetached,
    makePrivateDir,
  };
}
