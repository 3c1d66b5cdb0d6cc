/**
 * `exec --profile NAME [--server] [-- COMMAND ARGS...]`: runs a command with the role's
 * credentials, as variables or through a local credential endpoint that refreshes them.
 *
 * @module
 */

import { profileCredentials } from "../../credentials/profile_credentials.ts";
import { ExitCode, UsageError, VegasError } from "../../errors.ts";
import { credentialVariables } from "../../output/shell_formats.ts";
import { childBaseEnvironment, childCommand } from "../exec_environment.ts";
import { newToken, startCredentialServer } from "../../server/credential_server.ts";
import { exitCodeOf } from "../../system/signal_exit.ts";
import { shown } from "../../text/terminal_text.ts";
import type { CommandContext } from "../command_context.ts";
import { profileOptions } from "../profile_options.ts";

/** Runs `exec`; resolves to the child's exit code (128 + signal when a signal ended it). */
export async function run(ctx: CommandContext): Promise<number> {
  const { deps, log, args, signal } = ctx;
  const outer = deps.env("VEGAS_CREDENTIALS_PROFILE");
  if (outer) {
    throw new UsageError(
      `Already inside vegas-credentials exec for profile "${shown(outer, 80)}"; exit that ` +
        `shell first (or unset VEGAS_CREDENTIALS_PROFILE if it was set by hand)`,
    );
  }
  const options = profileOptions(ctx);
  const profile = await profileCredentials(options, deps, log);
  const credentials = await profile.get();
  const [command, ...commandArgs] = childCommand(args.rest, deps.os, deps.env);

  const env = childBaseEnvironment(deps.envAll(), profile.target.name);
  const region = profile.target.region;
  let cleanUp = async () => {};
  if (args.switches.has("--server")) {
    const token = newToken();
    log.addSecret(token);
    // The child's endpoint serves the profile at / and nothing else.
    const listener = await startCredentialServer({
      route: (path) =>
        Promise.resolve(
          path === "/"
            ? { key: "/", roleArn: profile.target.roleArn, credentials: () => profile.get() }
            : { status: 404, code: "NotFound", message: "exec --server serves only /" },
        ),
      profile: profile.target.name,
      hostname: "127.0.0.1",
      port: 0,
      token,
      log,
    }, deps);
    // Every SDK reads the shared credentials file before the container endpoint: give the
    // child an empty one, so that static keys in [default] cannot win over the role.
    const emptyCredentials = await deps.makePrivateTempFile("credentials");
    env.AWS_SHARED_CREDENTIALS_FILE = emptyCredentials.path;
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `http://127.0.0.1:${listener.port}/`;
    env.AWS_CONTAINER_AUTHORIZATION_TOKEN = token;
    env.AWS_REGION = region;
    env.AWS_DEFAULT_REGION = region;
    cleanUp = async () => {
      await listener.close();
      // With whatever the child left in the directory.
      await emptyCredentials.remove().catch(() => {});
    };
  } else {
    for (const [name, value] of credentialVariables(credentials, region)) env[name] = value;
  }

  // A signal while the credentials were fetched stopped the run; none came: start the child.
  signal.throwIfAborted();
  let child;
  try {
    child = deps.spawnInherited(command, commandArgs, env);
  } catch (error) {
    await cleanUp();
    if (error instanceof Deno.errors.NotFound) {
      throw new VegasError(
        `Cannot run "${shown(command, 80)}": no such program on PATH`,
        ExitCode.usage,
      );
    }
    throw new VegasError(
      `Cannot run "${shown(command, 80)}": ${(error as Error).message}`,
      ExitCode.failure,
    );
  }
  // A Ctrl-C at the terminal reaches the child by itself (same foreground process group): passing
  // it on too would be a second one, which makes some programs (terraform) quit at once. Any
  // other signal, and a SIGINT while we are not in a terminal's foreground (`kill -INT`, a
  // script, no terminal), is passed on. Either way we wait for the child and report its end.
  const removeSignals = deps.onEndSignals((received) => {
    if (received !== "SIGINT" || !deps.inTerminalForeground()) child.kill(received);
  });
  ctx.claimSignals();
  try {
    const status = await child.status;
    log.verbose(`exec: the command ended with ${status.signal ?? `exit code ${status.code}`}`);
    return exitCodeOf(status);
  } finally {
    removeSignals();
    await cleanUp();
  }
}
