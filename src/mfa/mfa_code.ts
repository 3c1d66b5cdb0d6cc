/**
 * Gets an MFA code for a profile from the configured source: the profile's `mfa_process` when
 * set, else the code typed on the controlling terminal. With neither, fails at once with advice.
 *
 * @module
 */

import type { Deps } from "../deps.ts";
import { VegasError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { codeFromMfaProcess, type MfaProcessSetting } from "./mfa_process_source.ts";
import { promptOnTerminal } from "./terminal_source.ts";

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

/** The prompt's label, e.g. `MFA code for frank@concerts (arn:…:mfa/frank): `. */
export function promptLabel(request: MfaRequest, log: Pick<Logger, "redact">): string {
  const label = `MFA code for ${request.profileName} (${log.redact(request.mfaSerial)}): `;
  return request.color ? `\x1b[1m${label}\x1b[0m` : label;
}

/** Returns a 6-digit code from the configured source. */
export async function getMfaCode(
  request: MfaRequest,
  deps: Pick<Deps, "openTerminal" | "runProcess" | "os">,
  log: Logger,
  signal?: AbortSignal,
): Promise<string> {
  if (request.mfaProcess) {
    log.info(`Getting the MFA code from the ${request.mfaProcess.where}`);
    const code = await codeFromMfaProcess(request.mfaProcess, deps, { signal });
    log.addSecret(code);
    return code;
  }
  const terminal = await deps.openTerminal();
  if (!terminal) {
    throw new VegasError(
      `Cannot ask for the MFA code of profile "${request.profileName}": this process has no ` +
        `terminal to prompt on; run the command from a terminal, or set mfa_process in the ` +
        `profile to a command that prints the code (e.g. mfa_process = op item get aws --otp)`,
    );
  }
  log.info("Asking for the MFA code on the terminal");
  const code = await promptOnTerminal(terminal, promptLabel(request, log), signal);
  log.addSecret(code);
  return code;
}
