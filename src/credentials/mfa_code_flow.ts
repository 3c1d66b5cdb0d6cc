/**
 * The real {@link WithMfaCode}: races the profile's MFA sources for a code, never submits a TOTP
 * step AWS already accepted, and asks once more when AWS rejects the code.
 *
 * @module
 */

import { mfaRefusalFilePath, usedStepsFilePath } from "../config/paths.ts";
import { describeOrigin, type TargetProfile } from "../config/target_profile.ts";
import type { Deps } from "../deps.ts";
import { isErrorNamed, VegasError } from "../errors.ts";
import type { Logger } from "../log.ts";
import {
  lastUsedStep,
  msUntilFreshCode,
  recordUsedStep,
  totpStep,
} from "../mfa/code_reuse_guard.ts";
import { openMfaSources } from "../mfa/mfa_code.ts";
import { clearRefusal, recentRefusal, recordRefusal } from "../mfa/mfa_refusal.ts";
import type { MfaCode, WithMfaCode } from "./services.ts";

/** How the MFA sources are shown. */
export interface MfaFlowOptions {
  /** Colour allowed on the terminal prompt. */
  color: boolean;
  /** `--no-gui` / `--disable-dialog`. */
  noGui: boolean;
  /** Aborted when the program is told to stop: every MFA source is stopped. */
  signal?: AbortSignal;
}

/** The MFA code flow over the real sources (ykman, dialog, terminal, mfa_process). */
export function mfaCodeFlow(options: MfaFlowOptions, deps: Deps, log: Logger): WithMfaCode {
  return async <T>(target: TargetProfile, use: (mfa: MfaCode) => Promise<T>): Promise<T> => {
    const serial = target.mfaSerial!;
    const usedStepsFile = usedStepsFilePath(deps);
    const refusalFile = mfaRefusalFilePath(deps);
    const refusal = await recentRefusal(deps, refusalFile, serial);
    if (refusal) {
      throw new VegasError(
        `${refusal.reason.replace(/[;.].*$/, "")} ${
          Math.max(1, Math.round((deps.now() - refusal.at) / 1000))
        } s ago, so vegas-credentials does not ask again at once (the AWS SDK for JavaScript ` +
          `runs a failing credential_process twice); run the command again to be asked`,
      );
    }
    const mfa = await openMfaSources(
      {
        profileName: target.name,
        mfaSerial: serial,
        mfaProcess: target.mfaProcess
          ? {
            command: target.mfaProcess,
            where: `mfa_process (${describeOrigin(target.origins.mfaProcess)})`,
          }
          : undefined,
        yubikey: { serial: target.yubikeySerial, label: target.yubikeyLabel ?? serial },
        noGui: options.noGui,
        timeoutMs: target.mfaTimeoutSeconds * 1000,
        color: options.color,
      },
      deps,
      log,
    );
    try {
      let rejected: string | undefined;
      for (let attempt = 1;; attempt++) {
        const wait = msUntilFreshCode(await lastUsedStep(deps, usedStepsFile, serial), deps.now());
        if (wait > 0) await mfa.waitForFreshCode(wait, options.signal);
        let { code } = await mfa.getCode(options.signal).catch(async (error) => {
          // A prompt that timed out or was cancelled (not a stop signal) is remembered briefly.
          const refused = isErrorNamed(error, "CancelledError") ||
            isErrorNamed(error, "MfaTimeoutError");
          if (refused && !options.signal?.aborted) {
            await recordRefusal(
              deps,
              refusalFile,
              serial,
              error.name === "CancelledError"
                ? `The MFA prompt for profile "${target.name}" was cancelled`
                : `The MFA prompt for profile "${target.name}" got no code`,
            );
          }
          throw error;
        });
        if (code === rejected) {
          // The same code again (a YubiKey or mfa_process in the same 30 s step): AWS will not
          // take it; wait for the next one.
          await mfa.waitForFreshCode(
            msUntilFreshCode(totpStep(deps.now()), deps.now()),
            options.signal,
          );
          ({ code } = await mfa.getCode(options.signal));
        }
        const step = totpStep(deps.now());
        try {
          await clearRefusal(deps, refusalFile);
          const result = await use({ serialNumber: serial, tokenCode: code });
          await recordUsedStep(deps, usedStepsFile, serial, step);
          return result;
        } catch (error) {
          if (!(attempt === 1 && isErrorNamed(error, "MfaRejectedError"))) throw error;
          rejected = code;
          await mfa.noteRejected();
        }
      }
    } finally {
      mfa.close();
    }
  };
}
