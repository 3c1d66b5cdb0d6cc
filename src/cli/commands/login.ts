/**
 * `login --profile NAME [--service S | --path P] [--region R] [--stdout]`: opens the AWS console
 * as the profile's role, through the same cache and MFA session as `assume`.
 *
 * @module
 */

import {
  destinationUrl,
  loginUrl,
  partitionHosts,
  signinTokenUrl,
} from "../../console/signin_url.ts";
import { profileCredentials } from "../../credentials/profile_credentials.ts";
import { UsageError, VegasError } from "../../errors.ts";
import { shown } from "../../text/terminal_text.ts";
import type { CommandContext } from "../command_context.ts";
import { profileOptions } from "../profile_options.ts";

/** Runs `login`. */
export async function run(ctx: CommandContext): Promise<void> {
  const { deps, log, args } = ctx;
  const service = args.values.get("--service");
  const path = args.values.get("--path");
  if (service && path) throw new UsageError("login: give --service or --path, not both");
  if (service && !/^[a-z0-9-]{1,64}$/.test(service)) {
    throw new UsageError(`login: --service "${shown(service, 40)}" is not a service name like s3`);
  }
  const profile = await profileCredentials(profileOptions(ctx), deps, log);
  const credentials = await profile.get();
  const name = profile.target.name;
  const hosts = partitionHosts(profile.target.roleArn);
  const federation = deps.env("VEGAS_CREDENTIALS_FEDERATION_URL") || hosts.federation;
  const answer = await deps.httpGet(signinTokenUrl(federation, credentials), {
    timeoutMs: 30_000,
  }).catch((error) => {
    throw new VegasError(
      `Cannot reach the AWS federation endpoint ${new URL(federation).origin} for profile ` +
        `"${name}" (${(error as Error).message}); check your network and proxy`,
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
      `The AWS federation endpoint refused a sign-in token for profile "${name}" (HTTP ` +
        `${answer.status}: ${shown(answer.body.trim(), 120)})`,
    );
  }
  log.addSecret(token);
  const region = args.values.get("--region") ?? profile.target.region;
  const url = loginUrl(federation, token, destinationUrl(hosts, { service, path, region }));
  log.addSecret(url);
  if (args.switches.has("--stdout")) {
    await deps.writeStdout(url + "\n");
    return;
  }
  const browser = deps.env("BROWSER") ||
    await deps.findExecutable(
      deps.os === "darwin" ? "open" : deps.os === "windows" ? "explorer" : "xdg-open",
    );
  if (!browser) {
    throw new VegasError(
      `No browser to open the console with (set BROWSER, or install xdg-open); run ` +
        `vegas-credentials login --profile ${name} --stdout to print the URL instead`,
    );
  }
  const result = await deps.runProcess(browser, [url], { timeoutMs: 30_000 });
  if (result.code !== 0) {
    throw new VegasError(
      `The browser command "${shown(browser, 60)}" failed (${
        result.timedOut ? "timed out" : `exit code ${result.code}`
      }); run vegas-credentials login --profile ${name} --stdout to print the URL instead`,
    );
  }
  log.info(`Opened the AWS console for profile ${name}`);
}
