/**
 * `sso logout (--profile NAME | --sso-session NAME)`: ends the session at the portal, deletes
 * its token from the AWS CLI's cache, and removes every credential we cached from it (role
 * credentials, roles assumed with them, and their hit memos).
 *
 * @module
 */

import { isMemo } from "../../cache/hit_memo.ts";
import { VegasError } from "../../errors.ts";
import { loadSharedConfig } from "../../config/shared_config.ts";
import { portalEndpoint } from "../../sso/sso_endpoints.ts";
import { readToken, removeToken } from "../../sso/token_cache.ts";
import { shown } from "../../text/terminal_text.ts";
import type { CommandContext } from "../command_context.ts";
import { chosenSsoSession } from "../sso_choice.ts";
import { ssoServices } from "./sso_login.ts";

/** Runs `sso logout`. */
export async function run(context: CommandContext): Promise<void> {
  const { args, deps, log } = context;
  const config = await loadSharedConfig(deps);
  const session = chosenSsoSession(args, config, "sso logout");
  const s = ssoServices(context);
  const token = await readToken(deps, session.tokenKey).catch((error) => {
    throw new VegasError(`Cannot sign out of ${session.label}: ${(error as Error).message}`);
  });
  let portal = "no token was cached";
  if (token) {
    log.addSecret(token.accessToken);
    if (token.refreshToken) log.addSecret(token.refreshToken);
    const { logout } = await import("../../sso/sso_calls.ts");
    portal = await logout(
      {
        region: session.region,
        endpoint: portalEndpoint(session.region, deps),
        timeouts: s.timeouts,
      },
      token.accessToken,
    ).then(
      () => "the portal ended the session",
      (error) => `the portal could not be told (${shown((error as Error).message, 120)})`,
    );
    await removeToken(deps, session.tokenKey);
  }
  const entries = await s.cache.list().catch(() => []);
  const ours = entries.filter((item) =>
    (item.entry?.data as { sso?: unknown } | undefined)?.sso === session.tokenKey
  );
  await Promise.all(ours.map((item) => s.cache.remove(item.key)));
  const credentials = ours.filter((item) => !isMemo(item.entry)).length;
  await deps.writeStderr(
    `Signed out of ${shown(session.startUrl, 100)} (${shown(session.label, 100)}): ${portal}; ` +
      `${token ? "token deleted" : "nothing to delete"}, ${credentials} cached ` +
      `${credentials === 1 ? "credential" : "credentials"} removed\n`,
  );
}
