/**
 * Error classes that reach the user. Each carries the process exit code and a message that is a
 * single line, says what failed and why, and never contains a secret.
 *
 * @module
 */

/** Exit codes of the `vegas-credentials` command. */
export const ExitCode = {
  ok: 0,
  /** A runtime failure: STS, MFA, source credentials. */
  failure: 1,
  /** Bad command line: unknown command or flag, missing value. */
  usage: 2,
  /** Bad AWS config: missing profile or key, malformed value, unreadable file. */
  config: 3,
  /** The user cancelled (Ctrl-C at the prompt). 128 + SIGINT, as shells report it. */
  cancelled: 130,
} as const;

const BRAND = Symbol.for("vegas-credentials.VegasError");

/** Base class of every error that is shown to the user as one line. */
export class VegasError extends Error {
  /** The process exit code this error ends the program with. */
  readonly exitCode: number;
  /** Marks the error across module copies (see {@link isVegasError}). */
  readonly [BRAND] = true;

  /** Creates an error whose message is shown to the user as is. */
  constructor(message: string, exitCode: number = ExitCode.failure, options?: ErrorOptions) {
    super(oneLine(message), options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/**
 * Whether `value` is a {@link VegasError}. Unlike `instanceof`, this holds across copies of this
 * module: the installed command runs a bundle of the startup path, and modules loaded lazily
 * from it get their own copy of `errors.ts`.
 */
export function isVegasError(value: unknown): value is VegasError {
  return typeof value === "object" && value !== null &&
    (value as Record<symbol, unknown>)[BRAND] === true;
}

/** The command line is wrong. */
export class UsageError extends VegasError {
  /** Fixed, so that {@link isErrorNamed} holds in a bundle that renames classes. */
  override readonly name: string = "UsageError";
  /** Creates a usage error (exit code 2). */
  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}

/** The AWS config or credentials file is wrong or unreadable. */
export class ConfigError extends VegasError {
  /** Fixed, so that {@link isErrorNamed} holds in a bundle that renames classes. */
  override readonly name: string = "ConfigError";
  /** Creates a config error (exit code 3). */
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.config, options);
  }
}

/** AWS refused the MFA code (wrong, expired or already used). */
export class MfaRejectedError extends VegasError {
  /** Fixed, so that {@link isErrorNamed} holds in a bundle that renames classes. */
  override readonly name: string = "MfaRejectedError";
  /** Creates the error (exit code 1). */
  constructor(message: string) {
    super(message, ExitCode.failure);
  }
}

/**
 * AWS refused the credentials a request was signed with: expired, unknown or revoked (for an MFA
 * session, a sign that it must be opened anew). Recognised by its name across module copies.
 */
export class CredentialsRejectedError extends VegasError {
  /** Fixed, so that {@link isErrorNamed} holds in a bundle that renames classes. */
  override readonly name: string = "CredentialsRejectedError";
  /** Creates the error (exit code 1). */
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.failure, options);
  }
}

/** No MFA source gave a code within the profile's `vegas_mfa_timeout`. */
export class MfaTimeoutError extends VegasError {
  /** Fixed, so that {@link isErrorNamed} holds in a bundle that renames classes. */
  override readonly name: string = "MfaTimeoutError";
  /** Creates the error (exit code 1). */
  constructor(message: string) {
    super(message, ExitCode.failure);
  }
}

/** Whether `error` is an error of class `name` of this module, from this copy or another. */
export function isErrorNamed(error: unknown, name: string): boolean {
  return isVegasError(error) && error.name === name;
}

/** The user cancelled, for example with Ctrl-C at the MFA prompt. */
export class CancelledError extends VegasError {
  /** Fixed, so that {@link isErrorNamed} holds in a bundle that renames classes. */
  override readonly name: string = "CancelledError";
  /** Creates a cancellation (exit code 130). */
  constructor(message = "Cancelled by the user") {
    super(message, ExitCode.cancelled);
  }
}

/** Collapses whitespace runs that contain a line break, so a message stays on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

export { UnsafeFileError } from "./system/unsafe_file_error.ts";
