/**
 * The MFA code from a YubiKey's OATH application through the YubiKey Manager CLI: `ykman
 * [--device SERIAL] oath accounts code --single LABEL` (ykman 4; ykman 3's `oath code` is used
 * when that is what is installed). Run as an argument list, never through a shell, in its own
 * process group so that losing the race kills it. A password-protected OATH application gets the
 * password on stdin, never in argv. ykman's own stderr (its "Touch your YubiKey" notice, its
 * errors) is captured and turned into our messages.
 *
 * @module
 */

import type { Deps, ProcessResult } from "../deps.ts";
import { VegasError } from "../errors.ts";

/** Which YubiKey and which OATH account. */
export interface YubikeySettings {
  /** `vegas_yubikey_serial`; optional with a single key plugged in. */
  serial?: string;
  /** `vegas_yubikey_label`, defaulting to the profile's `mfa_serial`. */
  label: string;
  /** The profile, for messages. */
  profileName: string;
}

/** What the YubiKey source may ask of the user. */
export interface YubikeyOptions {
  ykman: string;
  signal?: AbortSignal;
  /** Asks for the OATH password (hidden); `undefined` when there is no terminal to ask on. */
  askPassword?: () => Promise<string>;
  /** Tells the user something (the terminal), e.g. that a touch is awaited. */
  notify?: (text: string) => void;
}

/** The argument list for a code, in ykman 4 or ykman 3 syntax. */
export function ykmanArgs(
  settings: Pick<YubikeySettings, "serial" | "label">,
  version: 3 | 4,
): string[] {
  const device = settings.serial ? ["--device", settings.serial] : [];
  const command = version === 4 ? ["oath", "accounts", "code"] : ["oath", "code"];
  return [...device, ...command, "--single", settings.label];
}

const decoder = new TextDecoder();
const TIMEOUT_MS = 120_000;

function firstErrorLine(stderr: string): string {
  const lines = stderr.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  const error = lines.find((line) => /^error:/i.test(line)) ?? lines.at(-1) ?? "";
  return error.replace(/^error:\s*/i, "").replace(
    /\d{6,}/g,
    (digits) => digits.length === 6 ? "***" : digits,
  );
}

/** Turns a failed ykman run into a clear reason. */
async function failure(
  result: ProcessResult,
  settings: YubikeySettings,
  deps: Pick<Deps, "runProcess">,
  options: YubikeyOptions,
): Promise<VegasError> {
  const stderr = decoder.decode(result.stderr);
  const where = `profile "${settings.profileName}"`;
  if (result.timedOut) return new VegasError("ykman did not answer in time and was stopped");
  if (/no yubikey detected/i.test(stderr)) return new VegasError("no YubiKey is plugged in");
  const wrongSerial = /failed connecting to a yubikey with serial:?\s*(\d+)/i.exec(stderr);
  if (wrongSerial) {
    return new VegasError(
      `YubiKey ${
        wrongSerial[1]
      } (vegas_yubikey_serial of ${where}) is not plugged in, or cannot be ` +
        `opened (check its permissions)`,
    );
  }
  if (/multiple yubikeys detected/i.test(stderr)) {
    let serials = "";
    try {
      const list = await deps.runProcess(options.ykman, ["list", "--serials"], {
        timeoutMs: 10_000,
        signal: options.signal,
      });
      serials = decoder.decode(list.stdout).split(/\s+/).filter(Boolean).join(", ");
    } catch {
      // The list is only a hint.
    }
    return new VegasError(
      `several YubiKeys are plugged in${serials ? ` (serials ${serials})` : ""}; set ` +
        `vegas_yubikey_serial in ${where} to the one that holds the account`,
    );
  }
  if (/no matching account/i.test(stderr)) {
    return new VegasError(
      `the YubiKey has no OATH account matching "${settings.label}"; set vegas_yubikey_label in ` +
        `${where} to a name shown by: ykman oath accounts list`,
    );
  }
  if (/multiple matches/i.test(stderr)) {
    return new VegasError(
      `several OATH accounts on the YubiKey match "${settings.label}"; set vegas_yubikey_label in ` +
        `${where} to the full account name`,
    );
  }
  if (/touch account timed out/i.test(stderr)) {
    return new VegasError("the YubiKey was not touched in time");
  }
  if (/wrong password|authentication to the yubikey failed/i.test(stderr)) {
    return new VegasError("the YubiKey's OATH password was wrong");
  }
  const status = result.code === null ? "was killed" : `exited with code ${result.code}`;
  const line = firstErrorLine(stderr);
  return new VegasError(`ykman ${status}${line ? `: ${line}` : ""}`);
}

function needsPassword(result: ProcessResult): boolean {
  return result.code !== 0 && /enter the password/i.test(decoder.decode(result.stderr));
}

function parseCode(stdout: Uint8Array): string | undefined {
  const tokens = decoder.decode(stdout).trim().split(/\s+/);
  const code = tokens.at(-1) ?? "";
  return /^\d{6}$/.test(code) ? code : undefined;
}

/**
 * Why no code can come from a YubiKey now, as `ykman list --serials` tells: none is plugged in,
 * or not the one `vegas_yubikey_serial` names; `undefined` when one is there or ykman cannot say.
 */
export async function yubikeyAbsence(
  settings: Pick<YubikeySettings, "serial" | "profileName">,
  deps: Pick<Deps, "runProcess">,
  options: Pick<YubikeyOptions, "ykman" | "signal">,
): Promise<string | undefined> {
  const result = await deps.runProcess(options.ykman, ["list", "--serials"], {
    timeoutMs: 10_000,
    signal: options.signal,
  }).catch(() => undefined);
  if (!result || result.code !== 0) return undefined;
  const serials = decoder.decode(result.stdout).split(/\s+/).filter(Boolean);
  if (serials.length === 0) return "no YubiKey is plugged in";
  if (settings.serial && !serials.includes(settings.serial)) {
    return `YubiKey ${settings.serial} (vegas_yubikey_serial of profile "${settings.profileName}") ` +
      `is not plugged in`;
  }
  return undefined;
}

/** Reads a code from the YubiKey (waiting for a touch if the account requires one). */
export async function codeFromYubikey(
  settings: YubikeySettings,
  deps: Pick<Deps, "runProcess">,
  options: YubikeyOptions,
): Promise<string> {
  const run = (version: 3 | 4, password?: string) =>
    deps.runProcess(options.ykman, ykmanArgs(settings, version), {
      timeoutMs: TIMEOUT_MS,
      signal: options.signal,
      stdin: password === undefined ? undefined : password + "\n",
    });
  let version: 3 | 4 = 4;
  let result = await run(version);
  if (result.code === 2 && /no such command/i.test(decoder.decode(result.stderr))) {
    version = 3;
    result = await run(version);
  }
  if (needsPassword(result)) {
    if (!options.askPassword) {
      throw new VegasError(
        "the YubiKey's OATH application is password-protected and there is no terminal to ask " +
          "for the password; run: ykman oath access remember",
      );
    }
    const password = await options.askPassword();
    options.signal?.throwIfAborted();
    result = await run(version, password);
    if (result.code === 0) {
      options.notify?.(
        "Tip: `ykman oath access remember` stores the OATH password on this machine.",
      );
    }
  }
  options.signal?.throwIfAborted();
  if (result.code !== 0) throw await failure(result, settings, deps, options);
  const code = parseCode(result.stdout);
  if (!code) throw new VegasError("ykman printed no 6-digit code");
  return code;
}
