/**
 * Chooses where the MFA code comes from: the profile's `mfa_process` when set, else the code
 * typed on the controlling terminal. The source is opened before anything slow happens, so a
 * run with no way to get a code fails at once with advice.
 *
 * @module
 */

import type { Deps } from "../deps.ts";
import { VegasError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { codeFromMfaProcess, type MfaProcessSetting } from "./mfa_process_source.ts";
import { countdownOnTerminal, promptOnTerminal } from "./terminal_source.ts";

/** What is needed to ask for a code. */
export interface MfaRequest {
  /** The profile being assumed, named in the prompt. */
  profileName: string;
  /** The MFA device, named in the prompt (hidden with `--hide-arns`). */
  mfaSerial: string;
  mfaProcess?: MfaProcessSetting;
  /** Whether to style the prompt. */
  color: boolean;
}

/** A ready source of one MFA code. */
export interface MfaSource {
  /** Waits `ms` for the next TOTP step, telling the user why. */
  waitForFreshCode(ms: number): Promise<void>;
  /** Waits for the code. */
  getCode(signal?: AbortSignal): Promise<string>;
  /** Releases the source (closes the terminal) if the code is no longer needed. */
  close(): void;
}

/** The prompt's label, e.g. `MFA code for frank@concerts (arn:…:mfa/frank): `. */
export function promptLabel(request: MfaRequest, log: Pick<Logger, "redact">): string {
  const label = `MFA code for ${request.profileName} (${log.redact(request.mfaSerial)}): `;
  return request.color ? `\x1b[1m${label}\x1b[0m` : label;
}

/** Opens the configured source, or fails with advice when there is none. */
export async function openMfaSource(
  request: MfaRequest,
  deps: Pick<Deps, "openTerminal" | "runProcess" | "os" | "sleep">,
  log: Logger,
): Promise<MfaSource> {
  const mfaProcess = request.mfaProcess;
  if (mfaProcess) {
    return {
      async waitForFreshCode(ms) {
        log.info(
          `AWS accepts each MFA code once: waiting ${Math.ceil(ms / 1000)} s for the next code`,
        );
        await deps.sleep(ms);
      },
      async getCode(signal) {
        log.info(`Getting the MFA code from the ${mfaProcess.where}`);
        const code = await codeFromMfaProcess(mfaProcess, deps, { signal });
        log.addSecret(code);
        return code;
      },
      close() {},
    };
  }
  const terminal = await deps.openTerminal();
  if (!terminal) {
    throw new VegasError(
      `Cannot ask for the MFA code of profile "${request.profileName}": this process has no ` +
        `terminal to prompt on; run the command from a terminal, or set mfa_process in the ` +
        `profile to a command that prints the code (e.g. mfa_process = op item get aws --otp)`,
    );
  }
  let closed = false;
  return {
    async waitForFreshCode(ms) {
      log.info(
        `AWS accepts each MFA code once: waiting ${Math.ceil(ms / 1000)} s for the next code`,
      );
      await countdownOnTerminal(terminal, ms, (slice) => deps.sleep(slice));
    },
    async getCode(signal) {
      log.info("Asking for the MFA code on the terminal");
      closed = true;
      const code = await promptOnTerminal(terminal, promptLabel(request, log), signal);
      log.addSecret(code);
      return code;
    },
    close() {
      if (!closed) terminal.close();
      closed = true;
    },
  };
}
