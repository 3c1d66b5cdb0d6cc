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
import { openMfaSource } from "../mfa/mfa_code.ts";
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

  // Open the MFA source first: with no way to get a code, fail before anything slow.
  const mfaSource = target.mfaSerial
    ? await openMfaSource(
      {
        profileName: target.name,
        mfaSerial: target.mfaSerial,
        mfaProcess: target.mfaProcess
          ? {
            command: target.mfaProcess,
            where: `mfa_process (${describeOrigin(target.origins.mfaProcess)})`,
          }
          : undefined,
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
    let mfa: { serialNumber: string; tokenCode: string } | undefined;
    let codeStep: number | undefined;
    if (mfaSource && target.mfaSerial) {
      const wait = msUntilFreshCode(
        await lastUsedStep(deps, usedStepsFile, target.mfaSerial),
        deps.now(),
      );
      if (wait > 0) await mfaSource.waitForFreshCode(wait);
      const tokenCode = await mfaSource.getCode();
      codeStep = totpStep(deps.now());
      mfa = { serialNumber: target.mfaSerial, tokenCode };
    } else {
      log.info(`No mfa_serial for profile ${target.name}: assuming the role without MFA`);
    }
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
      mfa,
    });
    if (mfa && codeStep !== undefined) {
      await recordUsedStep(deps, usedStepsFile, mfa.serialNumber, codeStep);
    }
    log.addSecret(result.credentials.secretAccessKey);
    log.addSecret(result.credentials.sessionToken);
    log.info(
      `Assumed ${result.assumedRoleArn ?? target.roleArn}; credentials valid until ` +
        formatExpiration(result.credentials.expiration),
    );
    return result.credentials;
  } finally {
    mfaSource?.close();
  }
}
