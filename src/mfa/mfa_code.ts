/**
 * Opens every MFA code source this run can use and races them: the profile's `mfa_process`, a
 * YubiKey through `ykman`, a GUI dialog, and the code typed on the controlling terminal. With no
 * source at all, fails at once with advice.
 *
 * @module
 */

import type { Deps } from "../deps.ts";
import { VegasError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { codeFromDialog, dialogCommand } from "./dialog_source.ts";
import { codeFromMfaProcess, type MfaProcessSetting } from "./mfa_process_source.ts";
import { type CodeSource, raceForCode, type RaceResult } from "./race.ts";
import { TerminalSession } from "./terminal_session.ts";
import { codeFromYubikey, yubikeyAbsence } from "./ykman_source.ts";

/** What is needed to ask for a code. */
export interface MfaRequest {
  /** The profile being assumed, named in prompts. */
  profileName: string;
  /** The MFA device, named in the prompt (hidden with `--hide-arns`). */
  mfaSerial: string;
  mfaProcess?: MfaProcessSetting;
  /** `vegas_yubikey_serial` and `vegas_yubikey_label` (default: the mfa_serial). */
  yubikey: { serial?: string; label: string };
  /** `--no-gui` / `--disable-dialog`. */
  noGui: boolean;
  /** The overall limit of one race (`vegas_mfa_timeout`). */
  timeoutMs: number;
  /** Whether to style the prompt. */
  color: boolean;
}

/** The sources of one request, ready to race. */
export interface MfaSources {
  /** The names of the sources, for messages. */
  names: string[];
  /**
   * Waits `ms` for the next TOTP step, telling the user why; fails at once instead when every
   * source can tell that it cannot answer (the only source a YubiKey that is not plugged in).
   */
  waitForFreshCode(ms: number, signal?: AbortSignal): Promise<void>;
  /** Races the sources for a code; aborting `signal` stops them all. */
  getCode(signal?: AbortSignal): Promise<RaceResult>;
  /** Tells the user that AWS refused the last code and another is asked for. */
  noteRejected(): Promise<void>;
  /** Stops everything and restores the terminal. */
  close(): void;
}

/**
 * The prompt's label, naming the other ways to answer: `MFA code for frank@concerts — touch
 * YubiKey 12345678 or type the code: `, or with none, `MFA code for frank@concerts (arn:…): `.
 */
export function promptLabel(
  request: Pick<MfaRequest, "profileName" | "mfaSerial" | "color">,
  alternatives: { yubikey?: string; dialog: boolean },
  log: Pick<Logger, "redact">,
): string {
  const others = [
    ...(alternatives.yubikey ? [`touch ${alternatives.yubikey}`] : []),
    ...(alternatives.dialog ? ["answer the dialog"] : []),
  ];
  const label = others.length === 0
    ? `MFA code for ${request.profileName} (${log.redact(request.mfaSerial)}): `
    : `MFA code for ${request.profileName} — ${others.join(", ")}${
      others.length > 1 ? "," : ""
    } or type the code: `;
  return request.color ? `\x1b[1m${label}\x1b[0m` : label;
}

/**
 * Fails, in the race's words, when every source can tell that it cannot answer now: waiting for
 * the next TOTP step first would only delay the same failure by up to 30 s.
 */
async function refuseWhenNoneCanAnswer(
  sources: CodeSource[],
  profileName: string,
  signal?: AbortSignal,
): Promise<void> {
  if (!sources.every((source) => source.unavailable)) return;
  const reasons = await Promise.all(sources.map((source) => source.unavailable!(signal)));
  if (reasons.some((reason) => reason === undefined)) return;
  throw new VegasError(
    `No MFA code for profile "${profileName}": ` +
      sources.map((source, i) => `${source.name}: ${reasons[i]}`).join("; "),
  );
}

/** What a run found to ask with: the terminal, ykman, and the GUI dialog command. */
interface Found {
  session?: TerminalSession;
  ykman?: string;
  /** How the prompt names the YubiKey (with its serial when one is set). */
  yubikeyName?: string;
  dialog?: Awaited<ReturnType<typeof dialogCommand>>;
}

/** The sources to race, in the order they are named: mfa_process, YubiKey, dialog, terminal. */
function codeSources(
  request: MfaRequest,
  deps: Pick<Deps, "runProcess" | "os" | "env" | "sleep">,
  log: Logger,
  { session, ykman, yubikeyName, dialog }: Found,
): CodeSource[] {
  const sources: CodeSource[] = [];
  const mfaProcess = request.mfaProcess;
  if (mfaProcess) {
    sources.push({
      name: "mfa_process",
      getCode: (signal) =>
        codeFromMfaProcess(mfaProcess, deps, { signal, timeoutMs: request.timeoutMs }),
    });
  }
  if (ykman && yubikeyName) {
    const settings = { ...request.yubikey, profileName: request.profileName };
    sources.push({
      name: yubikeyName,
      getCode: (signal) =>
        codeFromYubikey(settings, deps, {
          ykman,
          signal,
          askPassword: session
            ? () =>
              session.promptSecret(`OATH password of your ${yubikeyName} (not shown): `, signal)
            : undefined,
          notify: (text) => log.info(text),
        }),
      unavailable: (signal) => yubikeyAbsence(settings, deps, { ykman, signal }),
    });
  }
  if (dialog) {
    sources.push({
      name: "dialog",
      getCode: (signal) => codeFromDialog(dialog, deps, { timeoutMs: request.timeoutMs, signal }),
    });
  }
  if (session) {
    const label = promptLabel(request, { yubikey: yubikeyName, dialog: dialog !== undefined }, log);
    sources.push({ name: "terminal", getCode: (signal) => session.promptCode(label, signal) });
  }
  return sources;
}

/** Opens the available sources; fails with advice when there is none. */
export async function openMfaSources(
  request: MfaRequest,
  deps: Pick<
    Deps,
    "openTerminal" | "runProcess" | "findExecutable" | "os" | "env" | "sleep" | "now"
  >,
  log: Logger,
): Promise<MfaSources> {
  const terminal = await deps.openTerminal();
  const session = terminal ? new TerminalSession(terminal) : undefined;
  const ykman = await deps.findExecutable("ykman");
  const yubikeyName = ykman
    ? `YubiKey${request.yubikey.serial ? ` ${request.yubikey.serial}` : ""}`
    : undefined;
  const timeoutSeconds = Math.round(request.timeoutMs / 1000);
  const dialog = request.noGui ? undefined : await dialogCommand(
    `MFA code for ${request.profileName}${yubikeyName ? ` (or touch your ${yubikeyName})` : ""}`,
    timeoutSeconds,
    deps,
  );

  const sources = codeSources(request, deps, log, { session, ykman, yubikeyName, dialog });
  if (sources.length === 0) {
    throw new VegasError(
      `Cannot ask for the MFA code of profile "${request.profileName}": this process has no ` +
        `terminal to prompt on, and no mfa_process, YubiKey (ykman) or GUI dialog is available; ` +
        `run the command from a terminal, or set mfa_process in the profile to a command that ` +
        `prints the code (e.g. mfa_process = op item get aws --otp)`,
    );
  }
  log.info(`MFA sources for ${request.profileName}: ${sources.map((s) => s.name).join(", ")}`);

  return {
    names: sources.map((s) => s.name),
    async waitForFreshCode(ms, signal) {
      const until = deps.now() + ms;
      await refuseWhenNoneCanAnswer(sources, request.profileName, signal);
      ms = until - deps.now();
      if (ms <= 0) return;
      log.info(
        `AWS accepts each MFA code once: waiting ${Math.ceil(ms / 1000)} s for the next code`,
      );
      if (session) await session.countdown(ms, (slice) => deps.sleep(slice));
      else await deps.sleep(ms);
    },
    async getCode(signal) {
      const result = await raceForCode(sources, {
        profileName: request.profileName,
        timeoutMs: request.timeoutMs,
        signal,
        sleep: deps.sleep,
        onFailure: (source, reason) => {
          log.info(`MFA source ${source} failed: ${reason}`);
          // The prompt offered a touch: with no YubiKey, it stops saying so.
          if (source === yubikeyName && session) {
            session.relabelCode(
              promptLabel(request, { dialog: dialog !== undefined }, log),
            );
          }
        },
      });
      log.addSecret(result.code);
      log.info(`MFA code from ${result.source}`);
      if (session && result.source !== "terminal") {
        await session.note(`MFA code received from ${result.source}.`);
      }
      return result;
    },
    async noteRejected() {
      log.info(
        `AWS rejected the MFA code for profile "${request.profileName}"; asking for another`,
      );
      await session?.note("AWS rejected that code; enter the next one.");
    },
    close: () => session?.close(),
  };
}
