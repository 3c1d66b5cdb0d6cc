/**
 * `doctor`'s MFA checks: which code sources this session can use (terminal, GUI dialog, ykman,
 * `mfa_process`), and for ykman its version, the keys plugged in, and whether each profile's
 * OATH account is on one of them (`ykman oath accounts list` needs no touch).
 *
 * @module
 */

import type { TargetProfile } from "../config/target_profile.ts";
import type { Deps } from "../deps.ts";
import type { Logger } from "../log.ts";
import { dialogCommand } from "../mfa/dialog_source.ts";
import { fail, type Finding, ok, warn } from "./finding.ts";

const YKMAN_TIMEOUT_MS = 10_000;
const decoder = new TextDecoder();

type MfaDeps = Pick<Deps, "openTerminal" | "findExecutable" | "runProcess" | "os" | "env">;

async function ykmanLines(deps: MfaDeps, ykman: string, args: string[]): Promise<string[]> {
  const result = await deps.runProcess(ykman, args, { timeoutMs: YKMAN_TIMEOUT_MS });
  if (result.code !== 0) {
    const reason = result.timedOut
      ? "did not answer in 10 s"
      : decoder.decode(result.stderr).trim().split("\n").at(-1) || `exit code ${result.code}`;
    throw new Error(reason.replace(/^error:\s*/i, ""));
  }
  return decoder.decode(result.stdout).split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
}

/**
 * For each profile that needs MFA, whether an OATH account for it is on one of the YubiKeys
 * `serials` (or the one `vegas_yubikey_serial` names).
 */
async function oathFindings(
  needing: TargetProfile[],
  serials: string[],
  ykman: string,
  deps: MfaDeps,
  log: Pick<Logger, "redact">,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const accounts = new Map<string, string[]>();
  for (const serial of serials) {
    try {
      accounts.set(
        serial,
        await ykmanLines(deps, ykman, ["--device", serial, "oath", "accounts", "list"]),
      );
    } catch (error) {
      findings.push(warn(
        `cannot list the OATH accounts of YubiKey ${serial}: ${(error as Error).message}`,
        "if the OATH application has a password, run: ykman oath access remember",
      ));
    }
  }
  if (accounts.size === 0) return findings;
  for (const target of needing) {
    const label = target.yubikeyLabel ?? target.mfaSerial!;
    const keys = target.yubikeySerial ? [target.yubikeySerial] : [...accounts.keys()];
    const holder = keys.find((serial) =>
      (accounts.get(serial) ?? []).some((name) => name.toLowerCase().includes(label.toLowerCase()))
    );
    const shownLabel = log.redact(label);
    if (holder) {
      findings.push(
        ok(`profile ${target.name}: OATH account ${shownLabel} is on YubiKey ${holder}`),
      );
    } else if (target.yubikeyLabel || target.yubikeySerial) {
      findings.push(fail(
        `profile ${target.name}: no OATH account matching ${shownLabel} on YubiKey ` +
          keys.join(", "),
        "set vegas_yubikey_label to a name shown by: ykman oath accounts list",
      ));
    } else {
      findings.push(warn(
        `profile ${target.name}: no OATH account named like its mfa_serial (${shownLabel}) on ` +
          `YubiKey ${keys.join(", ")}, so a touch will not answer for it`,
        "set vegas_yubikey_label to a name shown by: ykman oath accounts list",
      ));
    }
  }
  return findings;
}

/** The MFA findings for `targets` (the profiles that need a code). */
export async function mfaFindings(
  targets: TargetProfile[],
  deps: MfaDeps,
  log: Pick<Logger, "redact">,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const needing = targets.filter((t) => t.mfaSerial);
  const terminal = await deps.openTerminal();
  terminal?.close();
  const dialog = await dialogCommand("doctor", 1, deps);
  const ykman = await deps.findExecutable("ykman");
  const processes = needing.filter((t) => t.mfaProcess);
  const sources = [
    ...(terminal ? ["terminal"] : []),
    ...(dialog ? [`GUI dialog (${dialog.program.split(/[\\/]/).at(-1)})`] : []),
    ...(ykman ? ["YubiKey (ykman)"] : []),
    ...(processes.length ? [`mfa_process (${processes.map((t) => t.name).join(", ")})`] : []),
  ];
  if (sources.length > 0) {
    findings.push(ok(`MFA code sources in this session: ${sources.join(", ")}`));
  } else if (needing.length > 0) {
    findings.push(fail(
      "no MFA code source in this session: no terminal, GUI dialog, ykman or mfa_process",
      "run from a terminal, or set mfa_process to a command that prints the code",
    ));
  }
  if (!terminal && needing.some((t) => !t.mfaProcess)) {
    findings.push(warn(
      "no terminal here: AWS tools started without one (IDEs, cron) cannot show the prompt",
      "set mfa_process, or use a YubiKey with ykman, for such tools",
    ));
  }
  const wantsYubikey = needing.filter((t) => t.yubikeyLabel || t.yubikeySerial);
  if (!ykman) {
    if (wantsYubikey.length > 0) {
      findings.push(warn(
        `profiles ${wantsYubikey.map((t) => t.name).join(", ")} name a YubiKey, but ykman is ` +
          `not on PATH`,
        "install the YubiKey Manager CLI (ykman)",
      ));
    }
    return findings;
  }
  let serials: string[];
  try {
    const version = (await ykmanLines(deps, ykman, ["--version"]))[0] ?? "";
    serials = await ykmanLines(deps, ykman, ["list", "--serials"]);
    findings.push(ok(
      `${version.replace(/^YubiKey Manager \(ykman\) version:\s*/, "ykman ")}, ${
        serials.length === 0 ? "no YubiKey plugged in" : `YubiKey ${serials.join(", ")}`
      }`,
    ));
  } catch (error) {
    findings.push(fail(`ykman does not work: ${(error as Error).message}`, "reinstall ykman"));
    return findings;
  }
  if (serials.length === 0) {
    if (needing.length > 0) {
      findings.push(warn(
        "no YubiKey is plugged in: a touch cannot answer the MFA prompt now",
        "plug in your YubiKey, or type the code",
      ));
    }
    return findings;
  }
  findings.push(...await oathFindings(needing, serials, ykman, deps, log));
  return findings;
}
