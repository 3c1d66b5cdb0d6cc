/**
 * `server --profile NAME [--port N] [--host ADDR] [--allow-profile P]... [--lazy]`: the
 * credential endpoint of `exec --server`, standalone, for containers and desktop apps, with
 * routes that pick the role per request (src/server/routes.ts). Runs until Ctrl-C or SIGTERM.
 *
 * @module
 */

import { profileCredentials } from "../../credentials/profile_credentials.ts";
import { CancelledError, UsageError } from "../../errors.ts";
import { newToken, startCredentialServer } from "../../server/credential_server.ts";
import { serverRoutes } from "../../server/routes.ts";
import { shown } from "../../text/terminal_text.ts";
import type { CommandContext } from "../command_context.ts";
import { profileOptions } from "../profile_options.ts";

function portOf(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    throw new UsageError(`server: --port "${shown(text, 20)}" is not a port from 1 to 65535`);
  }
  return port;
}

/** Runs `server`; resolves when it was stopped. */
export async function run(ctx: CommandContext): Promise<number> {
  const { deps, log, args } = ctx;
  const port = portOf(args.values.get("--port"));
  const hostname = args.values.get("--host") ?? "127.0.0.1";
  // Aborted by a signal before the server listens (the run's), and when the server stops: a
  // request waiting for an MFA code then ends at once instead of holding the shutdown.
  const stop = new AbortController();
  ctx.signal.addEventListener("abort", () => stop.abort(ctx.signal.reason), { once: true });
  const options = { ...profileOptions(ctx), signal: stop.signal };
  const profile = await profileCredentials(options, deps, log);
  // Fail now, not at the first request, when the credentials cannot be had at all; with
  // --lazy, nothing is fetched (and no code asked for) until a request comes.
  if (!args.switches.has("--lazy")) await profile.get();
  ctx.signal.throwIfAborted();
  const token = newToken();
  log.addSecret(token);
  const listener = await startCredentialServer({
    route: serverRoutes({
      profile: profile.target.name,
      roleArn: profile.target.roleArn,
      credentials: () => profile.get(),
      forRole: (roleArn) => profile.forRole(roleArn),
      async forProfile(name) {
        const other = await profileCredentials({ ...options, profile: name }, deps, log);
        return { roleArn: other.target.roleArn, credentials: () => other.get() };
      },
      allowedProfiles: args.lists.get("--allow-profile") ?? [],
    }),
    profile: profile.target.name,
    hostname,
    port,
    token,
    log,
  }, deps);
  const shownHost = hostname.includes(":") ? `[${hostname}]` : hostname;
  const url = `http://${shownHost}:${listener.port}/`;
  const dockerUrl = `http://host.docker.internal:${listener.port}/`;
  // The token goes to stdout only, for the user to pass on; it never reaches the log.
  await deps.writeStdout(
    [
      `Serving the credentials of profile ${profile.target.name} on ${url}`,
      `Set these in the program that should use them:`,
      `  AWS_CONTAINER_CREDENTIALS_FULL_URI=${url}`,
      `  AWS_CONTAINER_AUTHORIZATION_TOKEN=${token}`,
      `For a container (listen on an address it can reach, e.g. --host 0.0.0.0, and keep the port private):`,
      `  docker run -e AWS_CONTAINER_CREDENTIALS_FULL_URI=${dockerUrl} -e AWS_CONTAINER_AUTHORIZATION_TOKEN=${token} --add-host=host.docker.internal:host-gateway IMAGE`,
      `Stop with Ctrl-C.`,
    ].join("\n") + "\n",
  );
  if (hostname !== "127.0.0.1" && hostname !== "localhost" && hostname !== "::1") {
    log.warn(
      `server: listening on ${shown(hostname, 60)}, not only loopback: anyone who can reach ` +
        `that address and has the token gets the credentials`,
    );
  }
  const stopped = Promise.withResolvers<number>();
  const removeSignals = deps.onEndSignals((signal) => {
    stopped.resolve(signal === "SIGINT" ? 130 : signal === "SIGTERM" ? 143 : 129);
  });
  // Until here a signal stopped the run (the MFA wait included); now it stops the server.
  ctx.claimSignals();
  try {
    const code = await stopped.promise;
    log.info(`server: stopped`);
    return code === 130 || code === 143 ? 0 : code;
  } finally {
    removeSignals();
    stop.abort(new CancelledError("The credential server stopped"));
    await listener.close();
  }
}
