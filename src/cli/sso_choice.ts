/**
 * Which SSO session an `sso` command acts on: `--sso-session NAME`, or `--profile NAME` naming
 * an SSO profile or a profile whose source (down its `vegas_source_profile` chain) is one.
 *
 * @module
 */

import { effectiveSettings } from "../config/include_profile.ts";
import type { SharedConfig } from "../config/shared_config.ts";
import { UsageError } from "../errors.ts";
import {
  isSsoProfile,
  type SsoSession,
  ssoSessionNamed,
  ssoSessionOfProfile,
} from "../sso/sso_profile.ts";
import { shown } from "../text/terminal_text.ts";
import type { CommandArgs } from "./args.ts";

/** The session `args` name, for command `command` (`sso login`). */
export function chosenSsoSession(
  args: CommandArgs,
  config: SharedConfig,
  command: string,
): SsoSession {
  const session = args.values.get("--sso-session");
  const profile = args.values.get("--profile");
  if ((session === undefined) === (profile === undefined)) {
    throw new UsageError(
      `${command} needs --profile NAME or --sso-session NAME (one of them)`,
    );
  }
  if (session !== undefined) return ssoSessionNamed(config, session);
  let name = profile!;
  const seen: string[] = [];
  for (;;) {
    const settings = effectiveSettings(config, name);
    if (!settings) {
      throw new UsageError(
        `${command}: profile "${shown(name, 80)}" is not in ${config.configFile} or ` +
          `${config.credentialsFile}`,
      );
    }
    if (isSsoProfile(settings)) return ssoSessionOfProfile(config, name, settings);
    const next = settings.get("vegas_source_profile")?.value;
    if (next === undefined || seen.includes(next)) {
      throw new UsageError(
        `${command}: profile "${shown(profile!, 80)}" does not sign in with IAM Identity Center ` +
          `(neither it nor its vegas_source_profile chain has sso_session or sso_start_url)`,
      );
    }
    seen.push(name);
    name = next;
  }
}
