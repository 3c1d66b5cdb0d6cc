/**
 * `login --profile NAME [--service S | --path P] [--region R] [--stdout]`: opens the AWS console
 * as the profile's role, through the same cache and MFA session as `assume`.
 *
 * @module
 */

import { shellWord } from "../../output/shell_formats.ts";
import {
  CONSOLE_SESSION_LIMITS,
  consoleSessionSeconds,
  destinationUrl,
  loginUrl,
  partitionHosts,
  signinTokenUrl,
} from "../../console/signin_url.ts";
import { openInDefaultBrowser } from "../../console/default_browser.ts";
import { parseDurationText } from "../../config/target_profile.ts";
import { stateDir } from "../../config/paths.ts";
import type { SharedConfig } from "../../config/shared_config.ts";
import {
  browserArgs,
  browserChoice,
  browserProgram,
  profileDataDir,
} from "../../console/browser.ts";
import type { Deps } from "../../deps.ts";
import { profileCredentials } from "../../credentials/profile_credentials.ts";
import { assumedDirectly } from "../../credentials/session_policy.ts";
import { UsageError, VegasError } from "../../errors.ts";
import { formatTimeLeft } from "../../output/time_left.ts";
import { shown } from "../../text/terminal_text.ts";
import type { CommandContext } from "../command_context.ts";
import { profileOptions } from "../profile_options.ts";

/** A console session this much shorter than `--duration` asked for is pointed out. */
const SHORTFALL_NOTICE_SECONDS = 300;

/** Runs `login`. */
export async function run(ctx: CommandContext): Promise<void> {
  const { deps, log, args } = ctx;
  const service = args.values.get("--service");
  const path = args.values.get("--path");
  if (service && path) throw new UsageError("login: give --service or --path, not both");
  if (service && !/^[a-z0-9-]{1,64}$/.test(service)) {
    throw new UsageError(`login: --service "${shown(service, 40)}" is not a service name like s3`);
  }
  const duration = durationFlag(args.values.get("--duration"));
  const profile = await profileCredentials(
    { ...profileOptions(ctx), durationSeconds: duration },
    deps,
    log,
  );
  // The browser is settled before any credentials are fetched: a missing browser or a bad
  // setting must not cost an MFA code.
  const open = args.switches.has("--stdout")
    ? undefined
    : await browserOpener(deps, profile.config, profile.target.name);
  const credentials = await profile.get();
  const credentialSeconds = consoleSessionSeconds(credentials, deps.now(), duration);
  // AWS refuses a sign-in token that asks for a SessionDuration with chained role credentials
  // (through the MFA session, another role or a temporary source): only a role assumed directly
  // with the long-term key may choose its console session's length.
  const sessionSeconds = assumedDirectly(profile.target) ? credentialSeconds : undefined;
  if (duration !== undefined && credentialSeconds < duration - SHORTFALL_NOTICE_SECONDS) {
    log.warn(
      `The cached role credentials of profile "${profile.target.name}" end in ` +
        `${formatTimeLeft(credentialSeconds * 1000)}, so the console session ends then, before ` +
        `the --duration asked for; run vegas-credentials cache clean --profile ` +
        `${profile.target.name} first for a full-length session`,
    );
  }
  const name = profile.target.name;
  const hosts = partitionHosts(profile.target.roleArn);
  const federation = deps.env("VEGAS_CREDENTIALS_FEDERATION_URL") || hosts.federation;
  const answer = await deps.httpGet(signinTokenUrl(federation, credentials, sessionSeconds), {
    timeoutMs: 30_000,
  }).catch((error) => {
    throw new VegasError(
      `Cannot reach the AWS federation endpoint ${new URL(federation).origin} for profile ` +
        `"${shown(name, 100)}" (${(error as Error).message}); check your network and proxy`,
    );
  });
  let token: unknown;
  try {
    token = answer.status === 200 ? JSON.parse(answer.body).SigninToken : undefined;
  } catch {
    token = undefined;
  }
  if (typeof token !== "string" || token === "") {
    throw new VegasError(
      `The AWS federation endpoint refused a sign-in token for profile "${
        shown(name, 100)
      }" (HTTP ` +
        `${answer.status}: ${shown(answer.body.trim(), 120)})`,
    );
  }
  log.addSecret(token);
  const region = args.values.get("--region") ?? profile.target.region;
  const url = loginUrl(federation, token, destinationUrl(hosts, { service, path, region }));
  log.addSecret(url);
  if (!open) {
    await deps.writeStdout(url + "\n");
    return;
  }
  await open(url);
  log.info(
    `Opened the AWS console for profile ${shown(name, 100)}; ` +
      (sessionSeconds === undefined
        ? "the role is chained, so AWS gives the console session its default length"
        : `the session lasts ${formatTimeLeft(sessionSeconds * 1000)}`),
  );
}

/**
 * How `url` will be opened for profile `name`: in its Firefox container, its own Chromium-family
 * user data directory (0700, under the state directory), the program given, or the default
 * browser. Everything that can be checked without the URL is checked here.
 */
async function browserOpener(
  deps: Deps,
  config: SharedConfig,
  name: string,
): Promise<(url: string) => Promise<void>> {
  const choice = browserChoice(config, name, deps.env);
  if (!choice || choice === "default") {
    return (url) =>
      openInDefaultBrowser(deps, url, (reason) =>
        new VegasError(
          `Cannot open the console: ${reason}; run vegas-credentials login --profile ` +
            `${shown(name, 80)} --stdout to print the URL instead`,
        ));
  }
  const what = typeof choice === "object" ? shown(choice.path, 80) : choice;
  const program = await browserProgram(
    choice,
    (program) => deps.findExecutable(program),
    async (path) => (await deps.lstat(path).catch(() => undefined)) !== undefined,
  );
  if (!program) {
    throw new VegasError(
      `The browser ${what} (vegas_browser or VEGAS_CREDENTIALS_BROWSER) is not installed here; ` +
        `install it, set vegas_browser to another one, or run vegas-credentials login ` +
        `--profile ${shown(shellWord(name), 80)} --stdout to print the URL`,
    );
  }
  const dataDir = choice === "firefox-container" || typeof choice === "object"
    ? undefined
    : await profileDataDir(`${stateDir(deps)}/browser-profiles`, name);
  browserArgs(choice, "", { profile: name, dataDir, config }); // its settings, checked now
  return async (url) => {
    if (dataDir) {
      await deps.makePrivateDir(dataDir).catch((error) => {
        throw new VegasError(
          `Cannot use the browser profile directory of profile "${shown(name, 80)}": ` +
            (error as Error).message,
        );
      });
    }
    // One argument each, no shell: nothing in the URL or the profile name is interpreted.
    const code = await deps.launchDetached(
      program,
      browserArgs(choice, url, { profile: name, dataDir, config }),
    ).catch((error) => {
      throw new VegasError(`Cannot start the browser ${what}: ${(error as Error).message}`);
    });
    if (code !== undefined && code !== 0) {
      throw new VegasError(
        `The browser ${what} exited with code ${code}; run vegas-credentials login --profile ` +
          `${shown(name, 80)} --stdout to print the URL instead`,
      );
    }
  };
}

/** `--duration`: `2h`, `90m` or seconds, within the console's 15 min to 12 h. */
function durationFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = parseDurationText(text);
  if (seconds >= CONSOLE_SESSION_LIMITS.min && seconds <= CONSOLE_SESSION_LIMITS.max) {
    return seconds;
  }
  throw new UsageError(
    `login: --duration "${shown(text, 20)}" is not a length from 15m to 12h (e.g. 2h, 90m or 3600)`,
  );
}
