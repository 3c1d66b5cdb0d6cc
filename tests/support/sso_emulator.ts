/**
 * The SSO half of the loopback AWS: SSO OIDC (client registration, device authorization, the
 * `/authorize` page of the authorization code flow, CreateToken with all three grants, PKCE
 * S256 checked) and the SSO portal (role credentials, paginated accounts and roles, logout),
 * restJson as the SDKs call them. Served by the STS emulator's server, so one endpoint serves
 * `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL_SSO_OIDC` and `AWS_ENDPOINT_URL_SSO`.
 *
 * Knobs: token lifetime, refusal at the sign-in page, slow_down, revocation, refused refreshes,
 * page size. Every call is counted by name for assertions.
 *
 * @module
 */

import { createHash, randomBytes } from "node:crypto";

/** One account and the roles assigned in it. */
export interface SsoAssignment {
  accountId: string;
  accountName: string;
  roles: string[];
}

/** The knobs and counters of the emulated IAM Identity Center. */
export interface SsoEmulator {
  assignments: SsoAssignment[];
  /** Seconds an access token lasts (default 8 h). */
  tokenLifetimeSeconds: number;
  /** What the user does at the sign-in page (the device page or `/authorize`). */
  userAnswer: "approve" | "deny";
  /** How many device polls answer slow_down before the rest. */
  slowDowns: number;
  /** How many device polls answer authorization_pending (after slow_downs) at least. */
  pendingPolls: number;
  /** The device code's lifetime in seconds. */
  deviceCodeSeconds: number;
  /** The poll interval the device authorization asks for, in seconds. */
  intervalSeconds: number;
  /** Refresh is refused (invalid_grant). */
  refuseRefresh: boolean;
  /** Accounts and roles per page. */
  pageSize: number;
  /** Milliseconds to wait before answering, by call name (`CreateToken`, `GetRoleCredentials`). */
  delays: Record<string, number>;
  /** Answered calls by name: `RegisterClient`, `CreateToken:refresh_token`, `Authorize`, … */
  calls: Record<string, number>;
  /** The access tokens handed out, in order. */
  accessTokens: string[];
  /** Ends every session: their tokens get 401 from the portal. */
  revokeAll(): void;
  /** Role sessions the portal handed out, by access key id, for the STS half. */
  handedOut: string[];
}

interface Client {
  secret: string;
  grants: string[];
  scopes: string[];
  expiresAt: number;
}

interface AccessToken {
  expiresAt: number;
  revoked: boolean;
}

/** What the SSO half needs of the STS half: a role session it can then verify. */
export interface SessionIssuer {
  issueRoleSession(account: string, roleName: string): {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken: string;
    expiration: number;
  };
  now(): number;
}

const OIDC_ERRORS: Record<string, [string, string]> = {
  authorization_pending: ["AuthorizationPendingException", "Authorization is pending"],
  slow_down: ["SlowDownException", "Slow down"],
  expired_token: ["ExpiredTokenException", "The device code has expired"],
  access_denied: ["AccessDeniedException", "The user denied the authorization"],
  invalid_grant: ["InvalidGrantException", "Invalid grant provided"],
  invalid_client: ["InvalidClientException", "Invalid client provided"],
  invalid_request: ["InvalidRequestException", "Invalid request"],
};

const OIDC_PATHS = ["/client/register", "/device_authorization", "/token", "/authorize", "/device"];

function json(body: unknown, status = 200, errorType?: string): Response {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-amzn-requestid": crypto.randomUUID(),
  };
  if (errorType) headers["x-amzn-ErrorType"] = errorType;
  return new Response(JSON.stringify(body), { status, headers });
}

function oidcError(error: keyof typeof OIDC_ERRORS): Response {
  const [type, description] = OIDC_ERRORS[error];
  return json({ error, error_description: description }, 400, type);
}

function portalError(type: string, status: number, message: string): Response {
  return json({ message }, status, type);
}

function random(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}

/** The SSO routes: a handler that answers its paths and leaves the others (undefined). */
export function ssoEmulator(issuer: SessionIssuer): {
  sso: SsoEmulator;
  route(request: Request, url: URL, body: string): Promise<Response | undefined>;
} {
  const clients = new Map<string, Client>();
  const devices = new Map<
    string,
    {
      clientId: string;
      userCode: string;
      state: "pending" | "approved" | "denied";
      expiresAt: number;
      polls: number;
    }
  >();
  const codes = new Map<
    string,
    { clientId: string; redirectUri: string; challenge: string; used: boolean }
  >();
  const tokens = new Map<string, AccessToken>();
  const refreshTokens = new Map<string, { clientId: string; used: boolean }>();
  const sso: SsoEmulator = {
    assignments: [],
    tokenLifetimeSeconds: 8 * 3600,
    userAnswer: "approve",
    slowDowns: 0,
    pendingPolls: 0,
    deviceCodeSeconds: 600,
    intervalSeconds: 1,
    refuseRefresh: false,
    pageSize: 100,
    delays: {},
    calls: {},
    accessTokens: [],
    handedOut: [],
    revokeAll() {
      for (const token of tokens.values()) token.revoked = true;
    },
  };
  const count = async (name: string) => {
    sso.calls[name] = (sso.calls[name] ?? 0) + 1;
    const delay = sso.delays[name.replace(/:.*/, "")];
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
  };
  const client = (id: unknown, secret: unknown) => {
    const found = typeof id === "string" ? clients.get(id) : undefined;
    return found && found.secret === secret && found.expiresAt > issuer.now() ? found : undefined;
  };
  const issueToken = (clientId: string) => {
    const accessToken = "aoa" + random(48);
    tokens.set(accessToken, {
      expiresAt: issuer.now() + sso.tokenLifetimeSeconds * 1000,
      revoked: false,
    });
    sso.accessTokens.push(accessToken);
    const registered = clients.get(clientId)!;
    const answer: Record<string, unknown> = {
      accessToken,
      tokenType: "Bearer",
      expiresIn: sso.tokenLifetimeSeconds,
    };
    // A refresh token only for a client registered with sso:account:access.
    if (registered.scopes.includes("sso:account:access")) {
      const refreshToken = "aor" + random(48);
      refreshTokens.set(refreshToken, { clientId, used: false });
      answer.refreshToken = refreshToken;
    }
    return answer;
  };
  const bearer = (request: Request) => {
    const token = tokens.get(request.headers.get("x-amz-sso_bearer_token") ?? "");
    return token && !token.revoked && token.expiresAt > issuer.now() ? token : undefined;
  };

  const oidc = async (url: URL, body: string): Promise<Response | undefined> => {
    if (!OIDC_PATHS.includes(url.pathname)) return undefined;
    let input: Record<string, unknown> = {};
    try {
      input = body ? JSON.parse(body) : {};
    } catch {
      return oidcError("invalid_request");
    }
    switch (url.pathname) {
      case "/client/register": {
        await count("RegisterClient");
        const grants = (input.grantTypes as string[] | undefined) ?? ["device_code"];
        if (grants.includes("authorization_code") && grants.includes("device_code")) {
          return oidcError("invalid_request");
        }
        if (
          grants.includes("authorization_code") &&
          !(input.redirectUris as string[] | undefined)?.includes("http://127.0.0.1/oauth/callback")
        ) {
          return oidcError("invalid_request");
        }
        const clientId = "client-" + random(12);
        const secret = "secret-" + random(32);
        const expiresAt = issuer.now() + 90 * 86400_000;
        clients.set(clientId, {
          secret,
          grants,
          scopes: (input.scopes as string[] | undefined) ?? [],
          expiresAt,
        });
        return json({
          clientId,
          clientSecret: secret,
          clientIdIssuedAt: Math.floor(issuer.now() / 1000),
          clientSecretExpiresAt: Math.floor(expiresAt / 1000),
        });
      }
      case "/device_authorization": {
        await count("StartDeviceAuthorization");
        if (!client(input.clientId, input.clientSecret)) return oidcError("invalid_client");
        const deviceCode = "device-" + random(24);
        const userCode = `${random(3).toUpperCase().slice(0, 4)}-${
          random(3).toUpperCase().slice(0, 4)
        }`;
        devices.set(deviceCode, {
          clientId: input.clientId as string,
          userCode,
          state: "pending",
          expiresAt: issuer.now() + sso.deviceCodeSeconds * 1000,
          polls: 0,
        });
        return json({
          deviceCode,
          userCode,
          verificationUri: `${url.origin}/device`,
          verificationUriComplete: `${url.origin}/device?user_code=${userCode}`,
          expiresIn: sso.deviceCodeSeconds,
          interval: sso.intervalSeconds,
        });
      }
      case "/token": {
        const grant = String(input.grantType);
        const name = grant.endsWith("device_code") ? "device_code" : grant;
        await count(`CreateToken:${name}`);
        const registered = client(input.clientId, input.clientSecret);
        if (!registered) return oidcError("invalid_client");
        if (name === "device_code") {
          const device = devices.get(String(input.deviceCode));
          if (!device || device.clientId !== input.clientId) return oidcError("invalid_grant");
          if (device.expiresAt <= issuer.now()) return oidcError("expired_token");
          device.polls++;
          if (device.polls <= sso.slowDowns) return oidcError("slow_down");
          if (device.state === "denied") return oidcError("access_denied");
          if (device.state === "pending" || device.polls <= sso.slowDowns + sso.pendingPolls) {
            return oidcError("authorization_pending");
          }
          devices.delete(String(input.deviceCode));
          return json(issueToken(input.clientId as string));
        }
        if (name === "authorization_code") {
          const code = codes.get(String(input.code));
          if (!code || code.used || code.clientId !== input.clientId) {
            return oidcError("invalid_grant");
          }
          code.used = true;
          const verifier = String(input.codeVerifier ?? "");
          const challenge = createHash("sha256").update(verifier).digest("base64url");
          if (challenge !== code.challenge || input.redirectUri !== code.redirectUri) {
            return oidcError("invalid_grant");
          }
          return json(issueToken(input.clientId as string));
        }
        if (name === "refresh_token") {
          const refresh = refreshTokens.get(String(input.refreshToken));
          if (
            sso.refuseRefresh || !refresh || refresh.used || refresh.clientId !== input.clientId
          ) {
            return oidcError("invalid_grant");
          }
          // Refresh tokens rotate: this one is spent.
          refresh.used = true;
          return json(issueToken(input.clientId as string));
        }
        return oidcError("invalid_request");
      }
      case "/authorize": {
        await count("Authorize");
        const params = url.searchParams;
        const registered = clients.get(params.get("client_id") ?? "");
        const redirect = params.get("redirect_uri") ?? "";
        if (
          !registered || !registered.grants.includes("authorization_code") ||
          !/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/.test(redirect) ||
          params.get("response_type") !== "code" ||
          params.get("code_challenge_method") !== "S256" || !params.get("code_challenge")
        ) {
          return new Response("Bad authorization request\n", { status: 400 });
        }
        const back = new URL(redirect);
        back.searchParams.set("state", params.get("state") ?? "");
        if (sso.userAnswer === "deny") {
          back.searchParams.set("error", "access_denied");
        } else {
          const code = "code-" + random(24);
          codes.set(code, {
            clientId: params.get("client_id")!,
            redirectUri: redirect,
            challenge: params.get("code_challenge")!,
            used: false,
          });
          back.searchParams.set("code", code);
        }
        return new Response(null, { status: 302, headers: { location: back.href } });
      }
      case "/device": {
        await count("DeviceApproval");
        const userCode = url.searchParams.get("user_code");
        const device = [...devices.values()].find((d) => d.userCode === userCode);
        if (!device) return new Response("Unknown code\n", { status: 404 });
        device.state = sso.userAnswer === "approve" ? "approved" : "denied";
        return new Response(`Device ${device.state}\n`, {
          headers: { "content-type": "text/plain" },
        });
      }
    }
    return undefined;
  };

  const portal = async (request: Request, url: URL): Promise<Response | undefined> => {
    const params = url.searchParams;
    const page = <T>(items: T[]) => {
      const size = Math.min(sso.pageSize, Number(params.get("max_result") ?? sso.pageSize));
      const start = Number(params.get("next_token") ?? "0") || 0;
      const next = start + size < items.length ? String(start + size) : undefined;
      return { items: items.slice(start, start + size), next };
    };
    switch (url.pathname) {
      case "/federation/credentials": {
        await count("GetRoleCredentials");
        if (!bearer(request)) {
          return portalError("UnauthorizedException", 401, "Session token not found or invalid");
        }
        const account = params.get("account_id") ?? "";
        const role = params.get("role_name") ?? "";
        const assignment = sso.assignments.find((a) => a.accountId === account);
        if (!assignment?.roles.includes(role)) {
          return portalError("ForbiddenException", 403, "No access");
        }
        const session = issuer.issueRoleSession(account, role);
        sso.handedOut.push(session.accessKeyId);
        return json({
          roleCredentials: {
            accessKeyId: session.accessKeyId,
            secretAccessKey: session.secretAccessKey,
            sessionToken: session.sessionToken,
            expiration: session.expiration,
          },
        });
      }
      case "/assignment/accounts": {
        await count("ListAccounts");
        if (!bearer(request)) {
          return portalError("UnauthorizedException", 401, "Session token not found or invalid");
        }
        const { items, next } = page(sso.assignments);
        return json({
          accountList: items.map((a) => ({
            accountId: a.accountId,
            accountName: a.accountName,
            emailAddress: `aws+${a.accountId}@example.com`,
          })),
          ...(next ? { nextToken: next } : {}),
        });
      }
      case "/assignment/roles": {
        await count("ListAccountRoles");
        if (!bearer(request)) {
          return portalError("UnauthorizedException", 401, "Session token not found or invalid");
        }
        const assignment = sso.assignments.find((a) => a.accountId === params.get("account_id"));
        const { items, next } = page(assignment?.roles ?? []);
        return json({
          roleList: items.map((roleName) => ({ roleName, accountId: assignment!.accountId })),
          ...(next ? { nextToken: next } : {}),
        });
      }
      case "/logout": {
        await count("Logout");
        const token = tokens.get(request.headers.get("x-amz-sso_bearer_token") ?? "");
        if (token) token.revoked = true;
        return new Response(null, { status: 200 });
      }
    }
    return undefined;
  };

  return {
    sso,
    async route(request, url, body) {
      return await oidc(url, body) ?? await portal(request, url);
    },
  };
}
