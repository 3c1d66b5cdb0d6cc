/**
 * A {@link Deps} for unit tests: environment and files from maps, a fixed clock, captured
 * stdout/stderr, a scripted terminal. Anything not given falls back to the real system.
 *
 * @module
 */

import type { Deps, Terminal } from "../../src/deps.ts";
import { systemDeps } from "../../src/system_deps.ts";

/** A terminal that replays typed chunks and records what was written and its raw-mode changes. */
export interface ScriptedTerminal extends Terminal {
  /** Everything written, concatenated. */
  screen: string;
  /** Each setRaw call, in order. */
  rawModes: boolean[];
  closed: boolean;
  /** Delivers more typed input. */
  type(keys: string): void;
}

/** A terminal that delivers `chunks` one per read, then waits forever (like a user who stopped). */
export function scriptedTerminal(chunks: string[]): ScriptedTerminal {
  const encoder = new TextEncoder();
  const queue = [...chunks];
  let wake: (() => void) | undefined;
  const terminal: ScriptedTerminal = {
    screen: "",
    rawModes: [],
    closed: false,
    type(keys) {
      queue.push(keys);
      wake?.();
    },
    async read(buffer) {
      while (queue.length === 0) {
        if (terminal.closed) throw new Deno.errors.BadResource("closed");
        await new Promise<void>((resolve) => wake = resolve);
      }
      if (terminal.closed) throw new Deno.errors.BadResource("closed");
      const bytes = encoder.encode(queue.shift()!);
      buffer.set(bytes);
      return bytes.length;
    },
    write(text) {
      terminal.screen += text;
      return Promise.resolve();
    },
    setRaw(raw) {
      terminal.rawModes.push(raw);
    },
    close() {
      terminal.closed = true;
      wake?.();
    },
  };
  return terminal;
}

/** What a fake world captured. */
export interface Captured {
  stdout: string;
  stderr: string;
  appended: Record<string, string>;
}

/** Options for {@link fakeDeps}. */
export interface FakeOptions {
  env?: Record<string, string>;
  /** In-memory files; when given, other paths read as missing. */
  files?: Record<string, string>;
  now?: number;
  terminal?: Terminal;
  overrides?: Partial<Deps>;
}

/** Builds fake deps; the returned object also exposes what was captured. */
export function fakeDeps(options: FakeOptions = {}): Deps & { captured: Captured } {
  const real = systemDeps();
  const env = options.env ?? {};
  const captured: Captured = { stdout: "", stderr: "", appended: {} };
  return {
    ...real,
    os: "linux",
    env: (name) => env[name],
    now: () => options.now ?? Date.UTC(2026, 10, 21, 12, 0, 0),
    readTextFile: options.files
      ? (path) => Promise.resolve(options.files![path])
      : real.readTextFile,
    readFile: options.files
      ? (path) =>
        Promise.resolve(
          options.files![path] === undefined
            ? undefined
            : new TextEncoder().encode(options.files![path]),
        )
      : real.readFile,
    writeFileAtomic: options.files
      ? (path, data) => {
        options.files![path] = typeof data === "string" ? data : new TextDecoder().decode(data);
        return Promise.resolve();
      }
      : real.writeFileAtomic,
    appendTextFile(path, text) {
      captured.appended[path] = (captured.appended[path] ?? "") + text;
      return Promise.resolve();
    },
    writeStdout(text) {
      captured.stdout += text;
      return Promise.resolve();
    },
    writeStderr(text) {
      captured.stderr += text;
      return Promise.resolve();
    },
    stderrIsTerminal: () => false,
    stdoutIsTerminal: () => false,
    openTerminal: () => Promise.resolve(options.terminal),
    userName: () => Promise.resolve(env.USER),
    ...options.overrides,
    captured,
  };
}
