/**
 * Diagnostics: warnings and errors always reach stderr; `--verbose` adds progress, `--debug`
 * adds detail. Everything from info up also goes to a log file in the state directory, written
 * at exit, or as it happens for a long-running command that asks for it (`flushSoon`). Every line passes through redaction: registered secrets (credentials, MFA
 * codes) never leave, and with `--hide-arns` no ARN does either.
 *
 * @module
 */

import type { Deps } from "./deps.ts";
import { cutText, escapeControls } from "./text/terminal_text.ts";

/** Where diagnostics go. */
export interface Logger {
  /** Progress, shown with `--verbose`. */
  info(message: string): void;
  /**
   * Progress too frequent for the log file (cache hits): shown with `--verbose`, written to the
   * log file only with `--debug`.
   */
  verbose(message: string): void;
  /** Detail, shown with `--debug`. */
  debug(message: string): void;
  /** Always shown. */
  warn(message: string): void;
  /** Always shown; used for the one-line failure message. */
  error(message: string): void;
  /** Never print this value: replace it wherever it appears. */
  addSecret(value: string): void;
  /** Applies redaction to text meant for the user (also used for prompts). */
  redact(text: string): string;
  /** Writes the buffered log lines to the log file; never throws. */
  flush(): Promise<void>;
  /**
   * Starts writing the buffered lines now, without waiting; lines logged meanwhile follow in the
   * next write, so a busy server writes as it goes and never holds more than one write's worth.
   */
  flushSoon(): void;
}

/** How much to show, and how. */
export interface LogOptions {
  verbose: boolean;
  debug: boolean;
  hideArns: boolean;
  color: boolean;
  /** The log file; `undefined` for none. */
  logFile?: string;
}

// An ARN runs to whitespace, a quote or bracket, or a comma; a final period or semicolon ends the
// sentence, not the ARN.
const ARN = /arn:aws[\w-]*:[^\s"'(),;]*[^\s"'(),;.]/g;
const LEVELS = { debug: 0, info: 1, warn: 2, error: 3 } as const;
type Level = keyof typeof LEVELS;
const COLORS: Record<Level, string> = {
  debug: "\x1b[2m",
  info: "\x1b[36m",
  warn: "\x1b[33m",
  error: "\x1b[31m",
};

/** The longest line written; longer ones are cut with `…`. */
const MAX_LINE = 2000;
/** The log file is rotated past this size, keeping one older file. */
export const MAX_LOG_BYTES = 1024 * 1024;

/** Masks an ARN while keeping its kind readable: `arn:aws:iam::***:role/***`. */
export function hideArn(arn: string): string {
  const parts = arn.split(":");
  if (parts.length < 6) return "arn:***";
  const resource = parts.slice(5).join(":");
  const kind = resource.includes("/")
    ? resource.slice(0, resource.indexOf("/") + 1) + "***"
    : "***";
  return [...parts.slice(0, 3), parts[3], "***", kind].join(":");
}

/** Creates the logger for one run. */
export function createLogger(
  deps:
    & Pick<Deps, "writeStderr" | "appendTextFile" | "now" | "pid">
    & Partial<Pick<Deps, "lstat" | "renameFile">>,
  options: LogOptions,
): Logger {
  const secrets = new Set<string>();
  const fileLines: string[] = [];
  const stderrLevel = options.debug ? LEVELS.debug : options.verbose ? LEVELS.info : LEVELS.warn;
  const fileLevel = options.debug ? LEVELS.debug : LEVELS.info;

  const redact = (text: string) => {
    let result = text;
    for (const secret of secrets) result = result.split(secret).join("[redacted]");
    return options.hideArns ? result.replace(ARN, hideArn) : result;
  };

  const emit = (level: Level, message: string, toFile = true) => {
    // Untrusted text (config values, other programs' output) may carry escape sequences: shown
    // escaped, and no line runs on for ever.
    const line = cutText(escapeControls(redact(message).replace(/[\r\n]+/g, " ")), MAX_LINE);
    if (LEVELS[level] >= stderrLevel) {
      const prefix = level === "error" || level === "warn" ? `vegas-credentials: ` : "";
      const text = options.color ? `${COLORS[level]}${prefix}${line}\x1b[0m` : prefix + line;
      // Diagnostics must never break the run.
      deps.writeStderr(text + "\n").catch(() => {});
    }
    if (options.logFile && LEVELS[level] >= fileLevel && (toFile || options.debug)) {
      fileLines.push(`${new Date(deps.now()).toISOString()} [${deps.pid}] ${level}: ${line}\n`);
    }
  };

  /** Appends the buffered lines to the log file, capped; never throws. */
  const write = async () => {
    if (!options.logFile || fileLines.length === 0) return;
    const text = fileLines.splice(0).join("");
    try {
      const info = await deps.lstat?.(options.logFile);
      // Never write through a symlink or into something that is not a plain file.
      if (info && (info.isSymlink || !info.isFile)) return;
      // Capped: past MAX_LOG_BYTES the file becomes NAME.1 (replacing the older one).
      if (info && info.size > MAX_LOG_BYTES && deps.renameFile) {
        await deps.renameFile(options.logFile, `${options.logFile}.1`);
      }
      await deps.appendTextFile(options.logFile, text);
    } catch {
      // A log file we cannot write must not fail the credentials.
    }
  };

  let writing: Promise<void> | undefined;
  let again = false;
  const flushSoon = () => {
    if (writing) {
      again = true;
      return;
    }
    writing = write().finally(() => {
      writing = undefined;
      if (again) {
        again = false;
        flushSoon();
      }
    });
  };

  return {
    flushSoon,
    info: (message) => emit("info", message),
    verbose: (message) => emit("info", message, false),
    debug: (message) => emit("debug", message),
    warn: (message) => emit("warn", message),
    error: (message) => emit("error", message),
    addSecret(value) {
      if (value.length >= 4) secrets.add(value);
    },
    redact,
    async flush() {
      // A write under way (flushSoon) goes first, so that lines keep their order.
      while (writing) await writing;
      await write();
    },
  };
}
