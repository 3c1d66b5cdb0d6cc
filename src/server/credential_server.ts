/**
 * A local credential endpoint in the ECS container-credentials protocol: `GET` with the token
 * in `Authorization` answers `{AccessKeyId, SecretAccessKey, Token, Expiration}`. Each request
 * asks the provider, so the credentials refresh for as long as the server runs; parallel
 * requests share one call.
 *
 * @module
 */

import type { CredentialProvider } from "../credentials/provider.ts";
import type { TemporaryCredentials } from "../credentials.ts";
import type { Deps, HttpListener } from "../deps.ts";
import { isVegasError } from "../errors.ts";
import { formatExpiration } from "../output/credential_process.ts";

/** How the server runs. */
export interface ServerOptions {
  provider: CredentialProvider;
  /** The profile served, for the log. */
  profile: string;
  hostname: string;
  /** 0 for any free port. */
  port: number;
  /** The bearer token every request must carry. */
  token: string;
  /** Hears one line per request: profile, client and outcome; never a secret. */
  onRequest(line: string): void;
}

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

/** Starts the server; resolves once it listens. */
export function startCredentialServer(
  options: ServerOptions,
  deps: Pick<Deps, "listenHttp">,
): Promise<HttpListener> {
  let pending: Promise<TemporaryCredentials> | undefined;
  const credentials = () => {
    pending ??= options.provider().finally(() => pending = undefined);
    return pending;
  };
  return deps.listenHttp(
    { hostname: options.hostname, port: options.port },
    async (request, client) => {
      const log = (status: number, outcome: string) =>
        options.onRequest(
          `server: ${request.method} from ${client} for profile ${options.profile}: ${status} ${outcome}`,
        );
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
      try {
        const c = await credentials();
        log(200, `credentials until ${formatExpiration(c.expiration)}`);
        return json(200, {
          AccessKeyId: c.accessKeyId,
          SecretAccessKey: c.secretAccessKey,
          Token: c.sessionToken,
          Expiration: formatExpiration(c.expiration),
        });
      } catch (error) {
        const message = isVegasError(error)
          ? error.message
          : `Cannot get credentials for profile ${options.profile}`;
        log(502, message);
        return json(502, { code: "CredentialsUnavailable", message });
      }
    },
  );
}
