/**
 * The cache-miss path of `assume`: source credentials → MFA code → AssumeRole. Loads the AWS SDK
 * with a dynamic import, started before anything waits on the user.
 *
 * @module
 */

import { configFilePath, credentialsFilePath, usedStepsFilePath } from "../config/paths.ts";
import type { SharedConfig } from "../config/shared_config.ts";
import { describeOrigin, type TargetProfile } from "../config/target_profile.ts";
import type { TemporaryCredentials } from "../credentials.ts";
import type { Deps } from "../deps.ts";
import type { Logger } from "../log.ts";
import {
  lastUsedStep,
  msUntilFreshCode,
  recordUsedStep,
  totpStep,
} from "../mfa/code_reuse_guard.ts";
import { openMfaSources } from "../mfa/mfa_code.ts";
import { formatExpiration } from "../output/credential_process.ts";

function maskKeyId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 4)}…${id.slice(-4)}` : "…";
}

/** Loads the STS modules, which import the AWS SDK: only when a call to AWS is needed. */
function loadSts() {
  return Promise.all([
    import("../sts/source_credentials.ts"),
    import("../sts/assume_role.ts"),
  ]);
}

/** What the miss path needs. */
export interface FetchRequest {
  config: SharedConfig;
  target: TargetProfile;
  endpoint: string;
  /** Colour allowed on the terminal prompt. */
  color: boolean;
  /** `--no-gui`: never show a GUI dialog. */
  noGui: boolean;
}

/** Gets fresh role credentials from STS, asking for an MFA code when the profile has a device. */
export async function fetchCredentials(
  request: FetchRequest,
  deps: Deps,
  log: Logger,
): Promise<TemporaryCredentials> {
  const { config, target, endpoint } = request;
  log.info(
    `Fetching credentials for profile ${target.name}: role ${target.roleArn}, source profile ` +
      `${target.sourceProfile}, region ${target.region} (${
        describeOrigin(target.origins.region)
      }), ` +
      `endpoint ${endpoint}`,
  );
  // Start loading the SDK now: it loads while the MFA source opens.
  const sts = loadSts();
  sts.catch(() => {});
  const usedStepsFile = usedStepsFilePath(deps);

  // Open the MFA sources first: with no way to get a code, fail before anything slow.
  const mfa = target.mfaSerial
    ? await openMfaSources(
      {
        profileName: target.name,
        mfaSerial: target.mfaSerial,
        mfaProcess: target.mfaProcess
          ? {
            command: target.mfaProcess,
            where: `mfa_process (${describeOrigin(target.origins.mfaProcess)})`,
          }
          : undefined,
        yubikey: { serial: target.yubikeySerial, label: target.yubikeyLabel ?? target.mfaSerial },
        noGui: request.noGui,
        timeoutMs: target.mfaTimeoutSeconds * 1000,
        color: request.color,
      },
      deps,
      log,
    )
    : undefined;
  try {
    const [{ resolveSourceCredentials }, { assumeRole }] = await sts;
    const source = await resolveSourceCredentials({
      sourceProfile: target.sourceProfile,
      profileName: target.name,
      configFile: configFilePath(deps),
      credentialsFile: credentialsFilePath(deps),
      shownConfigFile: config.configFile,
      shownCredentialsFile: config.credentialsFile,
    });
    log.addSecret(source.secretAccessKey);
    if (source.sessionToken) log.addSecret(source.sessionToken);
    log.info(
      `Source profile ${target.sourceProfile}: ${
        source.sessionToken ? "temporary" : "long-term"
      } access key ${maskKeyId(source.accessKeyId)}`,
    );
    if (!mfa) log.info(`No mfa_serial for profile ${target.name}: assuming the role without MFA`);

    // A code AWS refuses (mistyped, or stale) is asked for again once, from the same sources.
    let rejected: string | undefined;
    for (let attempt = 1;; attempt++) {
      let code: { serialNumber: string; tokenCode: string; step: number } | undefined;
      if (mfa && target.mfaSerial) {
        const wait = msUntilFreshCode(
          await lastUsedStep(deps, usedStepsFile, target.mfaSerial),
          deps.now(),
        );
        if (wait > 0) await mfa.waitForFreshCode(wait);
        let { code: tokenCode } = await mfa.getCode();
        if (tokenCode === rejected) {
          // The same code again (a YubiKey or mfa_process in the same 30 s step): AWS will not
          // take it; wait for the next one.
          await mfa.waitForFreshCode(msUntilFreshCode(totpStep(deps.now()), deps.now()));
          ({ code: tokenCode } = await mfa.getCode());
        }
        code = { serialNumber: target.mfaSerial, tokenCode, step: totpStep(deps.now()) };
      }
      try {
        const result = await assumeRole({
          profileName: target.name,
          sourceProfile: target.sourceProfile,
          region: target.region,
          endpoint,
          credentials: source,
          roleArn: target.roleArn,
          roleSessionName: target.roleSessionName,
          durationSeconds: target.durationSeconds,
          externalId: target.externalId,
          mfa: code && { serialNumber: code.serialNumber, tokenCode: code.tokenCode },
        });
        if (code) await recordUsedStep(deps, usedStepsFile, code.serialNumber, code.step);
        log.addSecret(result.credentials.secretAccessKey);
        log.addSecret(result.credentials.sessionToken);
        log.info(
          `Assumed ${result.assumedRoleArn ?? target.roleArn}; credentials valid until ` +
            formatExpiration(result.credentials.expiration),
        );
        return result.credentials;
      } catch (error) {
        if (!(mfa && code && attempt === 1 && (error as Error).name === "MfaRejectedError")) {
          throw error;
        }
        rejected = code.tokenCode;
        await mfa.noteRejected();
      }
    }
  } finally {
    mfa?.close();
  }
}
