/**
 * `sso login (--profile NAME | --sso-session NAME) [--use-device-code] [--no-browser]`: signs
 * in to IAM Identity Center and writes the token to the AWS CLI's own cache, where the AWS CLI,
 * the SDKs and our `assume` find it. Parallel `assume` runs wait for it rather than opening
 * browsers of their own.
 *
 * @module
 */

import { CredentialCache } from "../../cache/credential_cache.ts";
import { lockTimeoutMs, ssoTimeoutMs, stsTimeouts } from "../../config/env_settings.ts";
import { cacheDir } from "../../config/paths.ts";
import { loadSharedConfig } from "../../config/shared_config.ts";
import type { SsoServices } from "../../sso/sso_login.ts";
import { usableToken } from "../../sso/sso_token.ts";
import { refreshable } from "../../sso/token_cache.ts";
import { shown } from "../../text/terminal_text.ts";
import type { CommandContext } from "../command_context.ts";
import { chosenSsoSession } from "../sso_choice.ts";

/** The services the `sso` commands share. */
export function ssoServices({ deps, log, signal }: CommandContext): SsoServices {
  return {
    deps,
    log,
    cache: new CredentialCache(cacheDir(deps), deps),
    lockTimeoutMs: lockTimeoutMs(deps),
    ssoTimeoutMs: ssoTimeoutMs(deps),
    timeouts: stsTimeouts(deps),
    signal,
  };
}

/** Runs `sso login`. */
export async function run(context: CommandContext): Promise<void> {
  const { args, deps } = context;
  const config = await loadSharedConfig(deps);
  const session = chosenSsoSession(args, config, "sso login");
  const s = ssoServices(context);
  const login = {
    deviceCode: args.switches.has("--use-device-code"),
    browser: !args.switches.has("--no-browser"),
  };
  // Always a new sign-in, as `aws sso login`; done under the session's lock.
  const token = await usableToken(s, session, { login, force: true });
  await deps.writeStderr(
    `Signed in to ${shown(session.startUrl, 100)} (${shown(session.label, 100)}); the token is ` +
      `valid until ${token.expiresAt}${
        refreshable(token, deps.now()) ? " and refreshes" : " and does not refresh"
      }\n`,
  );
}
