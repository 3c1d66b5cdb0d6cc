/**
 * `server --profile NAME [--port N] [--host ADDR]`: the credential endpoint of `exec --server`,
 * standalone, for containers and desktop apps. Runs until Ctrl-C or SIGTERM.
 *
 * @module
 */

import { profileCredentials } from "../../credentials/profile_credentials.ts";
import { UsageError } from "../../errors.ts";
import { newToken, startCredentialServer } from "../../server/credential_server.ts";
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
  const profile = await profileCredentials(profileOptions(ctx), deps, log);
  // Fail now, not at the first request, when the credentials cannot be had at all.
  await profile.get();
  ctx.signal.throwIfAborted();
  const token = newToken();
  log.addSecret(token);
  const listener = await startCredentialServer({
    provider: profile.get,
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
    await listener.close();
  }
}
