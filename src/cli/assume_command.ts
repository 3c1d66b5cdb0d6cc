/**
 * `vegas-credentials assume --profile NAME`: config → source credentials → MFA code → AssumeRole
 * → credential_process JSON on stdout.
 *
 * @module
 */

import { loadSharedConfig } from "../config/shared_config.ts";
import { configFilePath, credentialsFilePath, usedStepsFilePath } from "../config/paths.ts";
import { type Origin, resolveTargetProfile } from "../config/target_profile.ts";
import type { Deps } from "../deps.ts";
import type { Logger } from "../log.ts";
import { openMfaSource } from "../mfa/mfa_code.ts";
import {
  lastUsedStep,
  msUntilFreshCode,
  recordUsedStep,
  totpStep,
} from "../mfa/code_reuse_guard.ts";
import { credentialProcessJson, formatExpiration } from "../output/credential_process.ts";
import { stsEndpoint } from "../sts/endpoint.ts";

/** Options of the assume command. */
export interface AssumeOptions {
  profile: string;
  /** Colour allowed on the terminal prompt. */
  color: boolean;
}

/** Describes where a setting came from, for messages. */
export function describeOrigin(origin: Origin | undefined): string {
  if (origin === undefined || origin === "default") return "default";
  if (origin === "environment") return "environment";
  return `profile "${origin.profile}" in ${origin.file} line ${origin.line}`;
}

function maskKeyId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 4)}…${id.slice(-4)}` : "…";
}

/** Loads the STS module, which imports the AWS SDK: only when a call to AWS is needed. */
function loadSts() {
  return Promise.all([
    import("../sts/source_credentials.ts"),
    import("../sts/assume_role.ts"),
  ]);
}

/** Runs `assume`; resolves when the credentials are on stdout. */
export async function assumeCommand(
  options: AssumeOptions,
  deps: Deps,
  log: Logger,
): Promise<void> {
  const config = await loadSharedConfig(deps);
  const target = resolveTargetProfile(
    config,
    options.profile,
    deps,
    await deps.userName(),
  );
  // Start loading the SDK now: it loads while the source credentials and MFA code are fetched.
  const sts = loadSts();
  sts.catch(() => {});
  const endpoint = stsEndpoint(target.region, deps);
  const usedStepsFile = usedStepsFilePath(deps);
  log.info(
    `Profile ${target.name}: role ${target.roleArn}, source profile ${target.sourceProfile}, ` +
      `region ${target.region} (${describeOrigin(target.origins.region)}), endpoint ${endpoint}`,
  );

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
        color: options.color,
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
    await deps.writeStdout(credentialProcessJson(result.credentials));
    log.info(
      `Assumed ${result.assumedRoleArn ?? target.roleArn}; credentials valid until ` +
        formatExpiration(result.credentials.expiration),
    );
  } finally {
    mfaSource?.close();
  }
}
