/**
 * Gets the MFA code from the profile's `mfa_process`: a command whose standard output is the
 * code (as in aws-vault). Run without a shell when its syntax allows, stdin closed, with a
 * timeout that kills its whole process group.
 *
 * @module
 */

import type { Deps } from "../deps.ts";
import { VegasError } from "../errors.ts";
import { CODE_LENGTH } from "./code_prompt.ts";
import { commandArgv, maskedFirstLine } from "../text/command_line.ts";

/** How long an `mfa_process` may run before it is killed. */
export const MFA_PROCESS_TIMEOUT_MS = 60_000;

/** An `mfa_process` setting and where it was configured (for messages). */
export interface MfaProcessSetting {
  command: string;
  /** E.g. `mfa_process of profile "x" (~/.aws/config line 4)`. */
  where: string;
}

/** Runs the `mfa_process` and returns the code it printed. */
export async function codeFromMfaProcess(
  setting: MfaProcessSetting,
  deps: Pick<Deps, "runProcess" | "os">,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<string> {
  const timeoutMs = options.timeoutMs ?? MFA_PROCESS_TIMEOUT_MS;
  const [program, args] = commandArgv(setting.command, deps.os);
  let result;
  try {
    result = await deps.runProcess(program, args, { timeoutMs, signal: options.signal });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new VegasError(
        `The ${setting.where} cannot run: command "${program}" not found; check the command ` +
          `and your PATH`,
      );
    }
    if (error instanceof Deno.errors.PermissionDenied) {
      throw new VegasError(
        `The ${setting.where} cannot run: "${program}" is not executable`,
      );
    }
    throw error;
  }
  options.signal?.throwIfAborted();
  if (result.timedOut) {
    throw new VegasError(
      `The ${setting.where} did not finish within ${
        Math.round(timeoutMs / 1000)
      } s and was stopped`,
    );
  }
  if (result.code !== 0) {
    const status = result.code === null ? "was killed" : `exited with code ${result.code}`;
    throw new VegasError(`The ${setting.where} ${status}${maskedFirstLine(result.stderr)}`);
  }
  const code = new TextDecoder().decode(result.stdout).replace(/\s+/g, "");
  if (!new RegExp(`^\\d{${CODE_LENGTH}}$`).test(code)) {
    throw new VegasError(
      `The ${setting.where} printed no ${CODE_LENGTH}-digit MFA code on stdout ` +
        `(got ${code.length} non-space characters)`,
    );
  }
  return code;
}
