/**
 * `sso populate (--sso-session NAME | --profile NAME) [--dry-run]`: lists every account and
 * role the session may use (every page, under 20 calls a second) and appends one standard SSO
 * profile per account and role that no profile has yet. A second run adds nothing.
 *
 * @module
 */

import { configFilePath } from "../../config/paths.ts";
import { loadSharedConfig } from "../../config/shared_config.ts";
import { VegasError } from "../../errors.ts";
import { portalEndpoint } from "../../sso/sso_endpoints.ts";
import { appended, profilesToAdd, sectionsText } from "../../sso/populate.ts";
import { usableToken } from "../../sso/sso_token.ts";
import { shown } from "../../text/terminal_text.ts";
import type { CommandContext } from "../command_context.ts";
import { chosenSsoSession } from "../sso_choice.ts";
import { ssoServices } from "./sso_login.ts";

/** Portal calls a second: under the 20 the portal tolerates. */
const CALLS_PER_SECOND = 10;

/** Runs `sso populate`. */
export async function run(context: CommandContext): Promise<void> {
  const { args, deps } = context;
  const config = await loadSharedConfig(deps);
  const session = chosenSsoSession(args, config, "sso populate");
  const s = ssoServices(context);
  const login = { deviceCode: session.sessionName === undefined, browser: true };
  let token = await usableToken(s, session, { login });
  const { listAccountsAndRoles, SsoCallError } = await import("../../sso/sso_calls.ts");
  const where = {
    region: session.region,
    endpoint: portalEndpoint(session.region, deps),
    timeouts: s.timeouts,
  };
  let assignments;
  for (let attempt = 1;; attempt++) {
    try {
      assignments = await listAccountsAndRoles(where, token.accessToken, CALLS_PER_SECOND);
      break;
    } catch (error) {
      if (
        error instanceof SsoCallError && error.code === "UnauthorizedException" && attempt === 1
      ) {
        token = await usableToken(s, session, { login, discard: token });
        continue;
      }
      throw new VegasError(
        `Cannot list the accounts of ${session.label}: ${shown((error as Error).message, 200)}`,
      );
    }
  }
  const added = profilesToAdd(config, session, assignments);
  const text = sectionsText(session, added);
  if (args.switches.has("--dry-run") || added.length === 0) {
    if (text) await deps.writeStdout(text.replace(/^\n/, ""));
    await deps.writeStderr(
      added.length === 0
        ? `Every account and role of ${session.label} already has a profile in ` +
          `${config.configFile}\n`
        : `Would add ${added.length} ${added.length === 1 ? "profile" : "profiles"} to ` +
          `${config.configFile} (run without --dry-run to add them)\n`,
    );
    return;
  }
  const path = configFilePath(deps);
  const info = await deps.lstat(path);
  if (info?.isSymlink) {
    throw new VegasError(
      `${config.configFile} is a symbolic link, which sso populate would replace with a file: ` +
        `point AWS_CONFIG_FILE at the real file, or add the profiles --dry-run prints by hand`,
    );
  }
  const original = await deps.readTextFile(path) ?? "";
  if (original !== config.texts.config) {
    throw new VegasError(
      `${config.configFile} changed while the accounts were listed; run sso populate again`,
    );
  }
  await deps.writeFileAtomic(path, appended(original, text));
  await deps.writeStderr(
    `Added ${added.length} ${
      added.length === 1 ? "profile" : "profiles"
    } to ${config.configFile}: ${added.map((profile) => shown(profile.name, 100)).join(", ")}\n`,
  );
}
