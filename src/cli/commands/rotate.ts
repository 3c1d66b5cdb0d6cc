/**
 * `rotate --profile NAME`: replaces the profile's stored access key with a new one of the same
 * IAM user (src/keyring/rotate_key.ts has the order and what each failure leaves). IAM is called
 * with the stored key; when the user's policy demands MFA for IAM, with an MFA session instead:
 * the one the source's roles share (cached, or opened with a code as for `assume`).
 *
 * @module
 */

import { shellWord } from "../../output/shell_formats.ts";
import { stsTimeouts } from "../../config/env_settings.ts";
import { loadSharedConfig, type SharedConfig } from "../../config/shared_config.ts";
import { resolveTargetProfile, rootOf, type TargetProfile } from "../../config/target_profile.ts";
import { mfaCodeFlow } from "../../credentials/mfa_code_flow.ts";
import { sharedMfaSession } from "../../credentials/profile_credentials.ts";
import { usesMfaSession } from "../../credentials/session_policy.ts";
import type { Deps } from "../../deps.ts";
import { isVegasError, VegasError } from "../../errors.ts";
import { maskKeyId, type StoredKey } from "../../keyring/key_store.ts";
import { openKeyring } from "../../keyring/open_keyring.ts";
import { rotateKey } from "../../keyring/rotate_key.ts";
import { checkRegion } from "../../keyring/verify_key.ts";
import { stsEndpoint } from "../../sts/endpoint.ts";
import type { SigningCredentials } from "../../credential_types.ts";
import { shown } from "../../text/terminal_text.ts";
import type { CommandContext } from "../command_context.ts";

/** How long an MFA session must last for the IAM calls of a rotation (AWS's shortest session). */
const IAM_SESSION_MS = 15 * 60_000;

/** A vegas profile whose chain starts at `source`: its MFA settings open the MFA session. */
function profileUsing(config: SharedConfig, source: string, deps: Deps, userName?: string) {
  for (const [name, settings] of config.profiles) {
    if (!settings.has("vegas_role_arn")) continue;
    try {
      const target = resolveTargetProfile(config, name, deps, { userName });
      if (rootOf(target).sourceProfile === source && rootOf(target).mfaSerial) {
        return rootOf(target);
      }
    } catch {
      // Not usable for this.
    }
  }
  return undefined;
}

/** Runs `rotate`. */
export async function run(ctx: CommandContext): Promise<void> {
  const { args, deps, log, signal } = ctx;
  const name = args.values.get("--profile")!;
  const store = await openKeyring(deps, signal);
  const old = await store.get(name);
  if (!old) {
    throw new VegasError(
      `No key of profile ${name} in ${store.where} to rotate; store one first with ` +
        `vegas-credentials add or migrate --profile ${shellWord(name)}`,
    );
  }
  log.addSecret(old.secretAccessKey);
  const config = await loadSharedConfig(deps);
  const region = checkRegion(config, name, deps);
  const timeouts = stsTimeouts(deps);
  const [{ iamKeys }, { callerIdentity }, { getSessionToken }] = await Promise.all([
    import("../../sts/iam_keys.ts"),
    import("../../sts/caller_identity.ts"),
    import("../../sts/session_token.ts"),
  ]);
  const endpoint = deps.env("AWS_ENDPOINT_URL_IAM") || deps.env("AWS_ENDPOINT_URL") || undefined;
  const open = (credentials: SigningCredentials) => iamKeys({ credentials, endpoint, timeouts });
  let iam = open(old);

  /** An MFA session of the old key, for an IAM policy that demands MFA. */
  const withMfaSession = async (error: unknown): Promise<string[]> => {
    const target: TargetProfile | undefined = (error as Error)?.name === "AccessDenied"
      ? profileUsing(config, name, deps, await deps.userName())
      : undefined;
    if (!target) throw error;
    log.info(`IAM refused the long-term key of profile ${name}; using an MFA session`);
    const prompt = { color: ctx.color, noGui: args.switches.has("--no-gui"), signal };
    // The session the source's roles share, when they use one: a cached one needs no code, and
    // one opened here serves them afterwards (STS credentials outlive the key that got them).
    const session = usesMfaSession(target)
      ? await sharedMfaSession(
        config,
        target,
        old,
        { ...prompt, minimumMs: IAM_SESSION_MS },
        deps,
        log,
      )
      : await mfaCodeFlow(prompt, deps, log)(target, (mfa) =>
        getSessionToken({
          profileName: name,
          sourceProfile: name,
          region,
          endpoint: stsEndpoint(region, deps),
          credentials: old,
          durationSeconds: IAM_SESSION_MS / 1000,
          mfa,
          timeouts,
        }));
    log.addSecret(session.secretAccessKey);
    log.addSecret(session.sessionToken);
    iam.close();
    iam = open(session);
    return iam.listKeys();
  };

  let fresh: StoredKey;
  try {
    fresh = await rotateKey(old, {
      listKeys: () => iam.listKeys().catch(withMfaSession),
      createKey: async () => {
        const key = await iam.createKey();
        log.addSecret(key.secretAccessKey);
        return key;
      },
      deleteKey: (id) => iam.deleteKey(id),
      works: async (key) => {
        try {
          await callerIdentity({
            profileName: name,
            sourceProfile: name,
            region,
            endpoint: stsEndpoint(region, deps),
            credentials: key,
            timeouts,
          });
          return true;
        } catch {
          return false;
        }
      },
      store: (key) => store.set(name, key),
      stored: () => store.get(name),
      sleep: (ms) => deps.sleep(ms, signal),
      now: () => deps.now(),
    }, { profile: name, where: store.where });
  } catch (error) {
    // A stopped run says only "Stopped by …": what rotation left behind is said first.
    if (signal.aborted && isVegasError(error)) log.warn(error.message);
    throw error;
  } finally {
    iam.close();
  }
  await deps.writeStdout(
    `Rotated the key of profile ${shown(name, 100)}: ${maskKeyId(old.accessKeyId)} → ` +
      `${maskKeyId(fresh.accessKeyId)}, stored in ${store.where}; the old key is deleted\n`,
  );
}
