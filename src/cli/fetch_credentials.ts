/**
 * The cache-miss path of one hop: the credentials that sign the request (the source profile's
 * own, the shared MFA session, or the vegas profile below in a chain), the MFA code when one is
 * needed, and AssumeRole. Loads the AWS SDK with a dynamic import, started before anything waits
 * on the user.
 *
 * @module
 */

import { configFilePath, credentialsFilePath, usedStepsFilePath } from "../config/paths.ts";
import { describeOrigin, type TargetProfile } from "../config/target_profile.ts";
import type { TemporaryCredentials } from "../credentials.ts";
import {
  lastUsedStep,
  msUntilFreshCode,
  recordUsedStep,
  totpStep,
} from "../mfa/code_reuse_guard.ts";
import { openMfaSources } from "../mfa/mfa_code.ts";
import { formatExpiration } from "../output/credential_process.ts";
import { stsEndpoint } from "../sts/endpoint.ts";
import type { SourceCredentials } from "../sts/source_credentials.ts";
import {
  type AssumeContext,
  cachedMfaSession,
  mfaSessionKey,
  roleCredentials,
  underLock,
  usesMfaSession,
} from "./cached_credentials.ts";

function maskKeyId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 4)}…${id.slice(-4)}` : "…";
}

/** Loads the STS modules, which import the AWS SDK: only when a call to AWS is needed. */
function loadSts() {
  return Promise.all([
    import("../sts/source_credentials.ts"),
    import("../sts/assume_role.ts"),
    import("../sts/session_token.ts"),
  ]);
}

/** An MFA device and a code from it. */
interface MfaCode {
  serialNumber: string;
  tokenCode: string;
}

/**
 * Gets an MFA code for `target` from its sources (raced) and passes it to `use`. A code AWS
 * refuses is asked for once more; the same code again waits for the next TOTP step.
 */
async function withMfaCode<T>(
  ctx: AssumeContext,
  target: TargetProfile,
  use: (mfa: MfaCode) => Promise<T>,
): Promise<T> {
  const { deps, log } = ctx;
  const serial = target.mfaSerial!;
  const usedStepsFile = usedStepsFilePath(deps);
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
      noGui: ctx.noGui,
      timeoutMs: target.mfaTimeoutSeconds * 1000,
      color: ctx.color,
    },
    deps,
    log,
  );
  try {
    let rejected: string | undefined;
    for (let attempt = 1;; attempt++) {
      const wait = msUntilFreshCode(await lastUsedStep(deps, usedStepsFile, serial), deps.now());
      if (wait > 0) await mfa.waitForFreshCode(wait);
      let { code } = await mfa.getCode();
      if (code === rejected) {
        // The same code again (a YubiKey or mfa_process in the same 30 s step): AWS will not take
        // it; wait for the next one.
        await mfa.waitForFreshCode(msUntilFreshCode(totpStep(deps.now()), deps.now()));
        ({ code } = await mfa.getCode());
      }
      const step = totpStep(deps.now());
      try {
        const result = await use({ serialNumber: serial, tokenCode: code });
        await recordUsedStep(deps, usedStepsFile, serial, step);
        return result;
      } catch (error) {
        if (!(attempt === 1 && (error as Error).name === "MfaRejectedError")) throw error;
        rejected = code;
        await mfa.noteRejected();
      }
    }
  } finally {
    mfa.close();
  }
}

/** Gets fresh role credentials for one hop from STS. */
export async function fetchCredentials(
  ctx: AssumeContext,
  target: TargetProfile,
  retried = false,
): Promise<TemporaryCredentials> {
  const { deps, log, config } = ctx;
  const endpoint = stsEndpoint(target.region, deps);
  log.info(
    `Fetching credentials for profile ${target.name}: role ${target.roleArn}, source profile ` +
      `${target.sourceProfile}, region ${target.region} (${
        describeOrigin(target.origins.region)
      }), ` +
      `endpoint ${endpoint}`,
  );
  // Start loading the SDK now: it loads while the source credentials are looked up.
  const sts = loadSts();
  sts.catch(() => {});

  const assume = async (credentials: SourceCredentials, mfa?: MfaCode) => {
    const [, { assumeRole }] = await sts;
    const result = await assumeRole({
      profileName: target.name,
      sourceProfile: target.sourceProfile,
      region: target.region,
      endpoint,
      credentials,
      roleArn: target.roleArn,
      roleSessionName: target.roleSessionName,
      durationSeconds: target.durationSeconds,
      externalId: target.externalId,
      sourceIdentity: target.sourceIdentity,
      sessionTags: target.sessionTags,
      transitiveTagKeys: target.transitiveTagKeys,
      mfa,
    });
    log.addSecret(result.credentials.secretAccessKey);
    log.addSecret(result.credentials.sessionToken);
    log.info(
      `Assumed ${result.assumedRoleArn ?? target.roleArn}${mfa ? " with an MFA code" : ""}; ` +
        `credentials valid until ${formatExpiration(result.credentials.expiration)}`,
    );
    return result.credentials;
  };

  if (target.sourceVegas) {
    // Role chaining: this role is assumed with the credentials of the vegas profile below.
    const below = await roleCredentials(ctx, target.sourceVegas);
    log.info(
      `Profile ${target.name}: chained on the credentials of profile ${target.sourceVegas.name}`,
    );
    return target.mfaSerial ? withMfaCode(ctx, target, (mfa) => assume(below, mfa)) : assume(below);
  }

  const [{ resolveSourceCredentials }, , { getSessionToken }] = await sts;
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
  const longTerm = !source.sessionToken && source.accessKeyId.startsWith("AKIA");
  log.info(
    `Source profile ${target.sourceProfile}: ${longTerm ? "long-term" : "temporary"} access key ` +
      maskKeyId(source.accessKeyId),
  );
  if (!target.mfaSerial) {
    log.info(`No mfa_serial for profile ${target.name}: assuming the role without MFA`);
    return assume(source);
  }
  if (!usesMfaSession(target) || !longTerm) {
    if (usesMfaSession(target)) {
      log.info("The source credentials are temporary: no MFA session, MFA on AssumeRole");
    }
    return withMfaCode(ctx, target, (mfa) => assume(source, mfa));
  }

  // One MFA session (GetSessionToken) for every role of this source; roles assumed with it need
  // no code while it lasts.
  const sessionKey = await mfaSessionKey(config, target);
  const session = (await cachedMfaSession(ctx, target)) ?? await underLock(
    ctx,
    sessionKey,
    `the MFA session of profile "${target.sourceProfile}"`,
    () => cachedMfaSession(ctx, target),
    () =>
      withMfaCode(ctx, target, async (mfa) => {
        const credentials = await getSessionToken({
          profileName: target.name,
          sourceProfile: target.sourceProfile,
          region: target.region,
          endpoint,
          credentials: source,
          durationSeconds: target.mfaSessionDurationSeconds,
          mfa,
        });
        log.addSecret(credentials.secretAccessKey);
        log.addSecret(credentials.sessionToken);
        log.info(
          `Started the MFA session of profile ${target.sourceProfile}, valid until ` +
            formatExpiration(credentials.expiration),
        );
        return credentials;
      }),
    `${target.sourceProfile} (MFA session)`,
  );
  log.addSecret(session.secretAccessKey);
  log.addSecret(session.sessionToken);
  try {
    return await assume(session);
  } catch (error) {
    const message = (error as Error).message;
    if (retried || !/have expired|does not recognise the access key/.test(message)) throw error;
    // AWS ended the session before its time (revoked, or the clock was wrong): start a new one.
    log.info(
      `The MFA session of profile ${target.sourceProfile} is no longer valid; starting a new one`,
    );
    await ctx.cache.remove(sessionKey).catch(() => {});
    return fetchCredentials(ctx, target, true);
  }
}
