/**
 * A local credential endpoint in the ECS container-credentials protocol: `GET` with the token
 * in `Authorization` answers `{AccessKeyId, SecretAccessKey, Token, Expiration}`. Each request
 * asks the provider, so the credentials refresh for as long as the server runs; parallel
 * requests share one call. Each request's line reaches the log as it is answered (never the
 * token); refused requests are collapsed to one line and a count a second, so that a flood
 * neither grows the process nor floods the log.
 *
 * @module
 */

import type { TemporaryCredentials } from "../credential_types.ts";
import type { Deps, HttpListener } from "../deps.ts";
import { ExitCode, isVegasError, VegasError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { Refusal, Route } from "./routes.ts";
import { formatExpiration } from "../output/credential_process.ts";

/** How the server runs. */
export interface ServerOptions {
  /** The route of each request path (src/server/routes.ts), or why there is none. */
  route(path: string): Promise<Route | Refusal>;
  /** The profile served at `/`, for the log. */
  profile: string;
  hostname: string;
  /** 0 for any free port. */
  port: number;
  /** The bearer token every request must carry. */
  token: string;
  /** Hears one line per request (profile, client, outcome; never a secret), written at once. */
  log: Pick<Logger, "info" | "flushSoon">;
}

/** Refused requests after the first are counted for this long, then said as one line. */
export const REFUSAL_WINDOW_MS = 1000;

/** A random token: 32 bytes, base64url. */
export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replace(/=+$/, "");
}

/** Compares in time independent of where the strings differ. */
function sameToken(given: string, expected: string): boolean {
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(expected);
  let difference = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) difference |= (a[i] ?? 0) ^ b[i];
  return difference === 0;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}

/** Why the listener could not start, in a line that says what to do. */
function listenError(error: unknown, options: ServerOptions): VegasError {
  const where = `${options.hostname}:${options.port || "(a free port)"}`;
  if (error instanceof Deno.errors.AddrInUse) {
    return new VegasError(
      `Cannot listen on ${where}: the port is in use by another program; pick another with ` +
        `--port, or leave --port out for a free one`,
    );
  }
  const reason = (error as Error)?.message ?? String(error);
  return new VegasError(
    `Cannot listen on ${where} (${reason.replace(/\s*\(os error \d+\)$/, "")}); give --host ` +
      `an address of this machine, e.g. 127.0.0.1 or 0.0.0.0`,
  );
}

/** Starts the server; resolves once it listens. */
export async function startCredentialServer(
  options: ServerOptions,
  deps: Pick<Deps, "listenHttp" | "now">,
): Promise<HttpListener> {
  // Parallel requests for one route share one call; the next request after it asks anew.
  const pending = new Map<string, Promise<TemporaryCredentials>>();
  const credentials = (route: Route) => {
    let call = pending.get(route.key);
    if (!call) {
      call = route.credentials().finally(() => pending.delete(route.key));
      pending.set(route.key, call);
    }
    return call;
  };
  const say = (line: string) => {
    options.log.info(line);
    options.log.flushSoon();
  };
  // Per kind of refusal (401 no token, 403 wrong token, 405): the first of a second is said
  // in full, the rest of that second counted and said as one line when it ends.
  const windows = new Map<
    string,
    { until: number; suppressed: number; timer: ReturnType<typeof setTimeout> }
  >();
  const summarize = (kind: string) => {
    const window = windows.get(kind);
    if (!window) return;
    clearTimeout(window.timer);
    windows.delete(kind);
    if (window.suppressed === 0) return;
    say(
      `server: ${window.suppressed} more request${window.suppressed === 1 ? "" : "s"} refused ` +
        `in the last second for profile ${options.profile}: ${kind}`,
    );
  };
  const refused = (kind: string, line: string) => {
    const window = windows.get(kind);
    if (window && deps.now() < window.until) {
      window.suppressed++;
      return;
    }
    if (window) summarize(kind);
    say(line);
    windows.set(kind, {
      until: deps.now() + REFUSAL_WINDOW_MS,
      suppressed: 0,
      timer: setTimeout(() => summarize(kind), REFUSAL_WINDOW_MS),
    });
  };
  let listener: HttpListener;
  try {
    listener = await deps.listenHttp(
      { hostname: options.hostname, port: options.port },
      (request, client) => answer(request, client),
    );
  } catch (error) {
    throw listenError(error, options);
  }
  return {
    port: listener.port,
    async close() {
      for (const kind of [...windows.keys()]) summarize(kind);
      await listener.close();
    },
  };

  async function answer(request: Request, client: string): Promise<Response> {
    {
      const path = new URL(request.url).pathname;
      const what = path === "/" ? `profile ${options.profile}` : `${options.profile} ${path}`;
      const log = (status: number, outcome: string) => {
        const line = `server: ${request.method} from ${client} for ${what}: ${status} ${outcome}`;
        if (status === 200 || status === 502) say(line);
        else refused(`${status} ${outcome}`, line);
      };
      if (request.method !== "GET") {
        log(405, "method not allowed");
        return json(405, { code: "MethodNotAllowed", message: "Only GET is served" });
      }
      const given = request.headers.get("authorization") ?? "";
      if (!given || !sameToken(given.replace(/^Bearer\s+/i, ""), options.token)) {
        log(given ? 403 : 401, given ? "wrong token" : "no token");
        return json(given ? 403 : 401, {
          code: "AccessDenied",
          message: "This endpoint needs the token given in AWS_CONTAINER_AUTHORIZATION_TOKEN",
        });
      }
      let route: Route | Refusal;
      try {
        route = await options.route(path);
      } catch (error) {
        // A profile that cannot be served (unknown, or its config is wrong).
        const config = isVegasError(error) && error.exitCode === ExitCode.config;
        const message = isVegasError(error) ? error.message : `Cannot serve ${path}`;
        log(config ? 404 : 502, message);
        return json(config ? 404 : 502, {
          code: config ? "ProfileUnusable" : "CredentialsUnavailable",
          message,
        });
      }
      if ("status" in route) {
        log(route.status, route.message);
        return json(route.status, { code: route.code, message: route.message });
      }
      try {
        const c = await credentials(route);
        log(200, `credentials until ${formatExpiration(c.expiration)}`);
        return json(200, {
          AccessKeyId: c.accessKeyId,
          SecretAccessKey: c.secretAccessKey,
          Token: c.sessionToken,
          Expiration: formatExpiration(c.expiration),
          ...(route.roleArn ? { RoleArn: route.roleArn } : {}),
        });
      } catch (error) {
        const message = isVegasError(error) ? error.message : `Cannot get credentials for ${what}`;
        log(502, message);
        return json(502, { code: "CredentialsUnavailable", message });
      }
    }
  }
}
