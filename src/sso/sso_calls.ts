/**
 * The SSO OIDC and portal calls, through the SDK's own clients (`@aws-sdk/client-sso-oidc`,
 * `@aws-sdk/client-sso`): unsigned, an explicit region and endpoint, retries with backoff and
 * bounded timeouts. Imported only when a token or role credentials must be fetched.
 *
 * Errors keep the service's name (`AuthorizationPendingException`, `UnauthorizedException`, …)
 * in `SsoCallError.code`, so callers decide; network failures say what failed.
 *
 * @module
 */

import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from "@aws-sdk/client-sso-oidc";
import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  SSOClient,
} from "@aws-sdk/client-sso";
import type { TemporaryCredentials } from "../credential_types.ts";
import { networkReason } from "../sts/sts_errors.ts";
import { MAX_ATTEMPTS } from "../sts/sts_client.ts";

/** A failed SSO call: the service's error name, or `network`. */
export class SsoCallError extends Error {
  override readonly name = "SsoCallError";
  constructor(readonly code: string, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** Where and within which limits. */
export interface SsoEndpoint {
  region: string;
  endpoint: string;
  timeouts: { attemptMs: number; callMs: number };
}

function handler(attemptMs: number) {
  // Without throwOnRequestTimeout a silent endpoint hangs the call (see sts_client.ts).
  return {
    connectionTimeout: Math.min(5_000, attemptMs),
    requestTimeout: attemptMs,
    throwOnRequestTimeout: true,
  };
}

async function call<T>(
  where: SsoEndpoint,
  what: string,
  send: (signal: AbortSignal) => Promise<T>,
) {
  try {
    return await send(AbortSignal.timeout(where.timeouts.callMs));
  } catch (error) {
    const network = error instanceof Error ? networkReason(error) : undefined;
    if (network) {
      throw new SsoCallError("network", `${what} at ${where.endpoint}: ${network}`, {
        cause: error,
      });
    }
    const name = (error as Error)?.name ?? "Error";
    const description = (error as { error_description?: string }).error_description ??
      (error as Error)?.message ?? String(error);
    throw new SsoCallError(name, `${what}: ${name}: ${description.replace(/\.$/, "")}`, {
      cause: error,
    });
  }
}

function oidc(where: SsoEndpoint): SSOOIDCClient {
  return new SSOOIDCClient({
    region: where.region,
    endpoint: where.endpoint,
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: handler(where.timeouts.attemptMs),
  });
}

function portal(where: SsoEndpoint): SSOClient {
  return new SSOClient({
    region: where.region,
    endpoint: where.endpoint,
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: handler(where.timeouts.attemptMs),
  });
}

/** A registered OIDC client. */
export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** RegisterClient for one grant type (AWS refuses two on one client). */
export async function registerClient(
  where: SsoEndpoint,
  options: {
    grant: "device_code" | "authorization_code";
    scopes: string[];
    startUrl: string;
    clientName: string;
  },
): Promise<ClientRegistration> {
  const client = oidc(where);
  try {
    const answer = await call(where, "RegisterClient", (abortSignal) =>
      client.send(
        new RegisterClientCommand({
          clientName: options.clientName,
          clientType: "public",
          scopes: options.scopes.length > 0 ? options.scopes : undefined,
          ...(options.grant === "authorization_code"
            ? {
              grantTypes: ["authorization_code", "refresh_token"],
              redirectUris: ["http://127.0.0.1/oauth/callback"],
              issuerUrl: options.startUrl,
            }
            : {}),
        }),
        { abortSignal },
      ));
    if (!answer.clientId || !answer.clientSecret || !answer.clientSecretExpiresAt) {
      throw new SsoCallError("invalid", "RegisterClient answered without a client");
    }
    return {
      clientId: answer.clientId,
      clientSecret: answer.clientSecret,
      expiresAt: answer.clientSecretExpiresAt * 1000,
    };
  } finally {
    client.destroy();
  }
}

/** A device authorization to show the user. */
export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresInSeconds: number;
  intervalSeconds: number;
}

/** StartDeviceAuthorization. */
export async function startDeviceAuthorization(
  where: SsoEndpoint,
  registration: ClientRegistration,
  startUrl: string,
): Promise<DeviceAuthorization> {
  const client = oidc(where);
  try {
    const answer = await call(where, "StartDeviceAuthorization", (abortSignal) =>
      client.send(
        new StartDeviceAuthorizationCommand({
          clientId: registration.clientId,
          clientSecret: registration.clientSecret,
          startUrl,
        }),
        { abortSignal },
      ));
    if (!answer.deviceCode || !answer.userCode || !answer.verificationUri) {
      throw new SsoCallError("invalid", "StartDeviceAuthorization answered without a code");
    }
    return {
      deviceCode: answer.deviceCode,
      userCode: answer.userCode,
      verificationUri: answer.verificationUri,
      verificationUriComplete: answer.verificationUriComplete,
      // RFC 8628 §3.2: `expires_in` is required (600 s is our own guess for an answer without
      // it); a missing `interval` means 5 s.
      expiresInSeconds: answer.expiresIn ?? 600,
      intervalSeconds: answer.interval ?? 5,
    };
  } finally {
    client.destroy();
  }
}

/** A token CreateToken issued. */
export interface IssuedToken {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
  refreshToken?: string;
}

/** The grant CreateToken is asked for. */
export type TokenGrant =
  | { grantType: "urn:ietf:params:oauth:grant-type:device_code"; deviceCode: string }
  | { grantType: "authorization_code"; code: string; redirectUri: string; codeVerifier: string }
  | { grantType: "refresh_token"; refreshToken: string };

/** CreateToken with `grant`. */
export async function createToken(
  where: SsoEndpoint,
  registration: Pick<ClientRegistration, "clientId" | "clientSecret">,
  grant: TokenGrant,
  now: () => number,
): Promise<IssuedToken> {
  const client = oidc(where);
  try {
    const answer = await call(where, "CreateToken", (abortSignal) =>
      client.send(
        new CreateTokenCommand({
          clientId: registration.clientId,
          clientSecret: registration.clientSecret,
          ...grant,
        }),
        { abortSignal },
      ));
    if (!answer.accessToken || !answer.expiresIn) {
      throw new SsoCallError("invalid", "CreateToken answered without a token");
    }
    return {
      accessToken: answer.accessToken,
      expiresAt: now() + answer.expiresIn * 1000,
      refreshToken: answer.refreshToken,
    };
  } finally {
    client.destroy();
  }
}

/** GetRoleCredentials: the role's credentials for the token. */
export async function getRoleCredentials(
  where: SsoEndpoint,
  accessToken: string,
  accountId: string,
  roleName: string,
): Promise<TemporaryCredentials> {
  const client = portal(where);
  try {
    const answer = await call(
      where,
      "GetRoleCredentials",
      (abortSignal) =>
        client.send(new GetRoleCredentialsCommand({ accessToken, accountId, roleName }), {
          abortSignal,
        }),
    );
    const role = answer.roleCredentials;
    if (!role?.accessKeyId || !role.secretAccessKey || !role.sessionToken || !role.expiration) {
      throw new SsoCallError("invalid", "GetRoleCredentials answered without credentials");
    }
    return {
      accessKeyId: role.accessKeyId,
      secretAccessKey: role.secretAccessKey,
      sessionToken: role.sessionToken,
      // Epoch milliseconds, unlike STS.
      expiration: new Date(role.expiration),
    };
  } finally {
    client.destroy();
  }
}

/** One account the token may sign in to. */
export interface SsoAccount {
  accountId: string;
  accountName: string;
}

/** Waits so that calls stay under `perSecond`. */
function pacer(perSecond: number) {
  let next = 0;
  return async () => {
    const wait = next - Date.now();
    next = Math.max(Date.now(), next) + 1000 / perSecond;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };
}

/** Every account and its roles, every page, under `perSecond` calls a second. */
export async function listAccountsAndRoles(
  where: SsoEndpoint,
  accessToken: string,
  perSecond = 10,
): Promise<{ account: SsoAccount; roles: string[] }[]> {
  const client = portal(where);
  const pace = pacer(perSecond);
  try {
    const accounts: SsoAccount[] = [];
    let nextToken: string | undefined;
    do {
      await pace();
      const page = await call(
        where,
        "ListAccounts",
        (abortSignal) =>
          client.send(new ListAccountsCommand({ accessToken, nextToken }), { abortSignal }),
      );
      for (const account of page.accountList ?? []) {
        if (account.accountId) {
          accounts.push({
            accountId: account.accountId,
            accountName: account.accountName ?? account.accountId,
          });
        }
      }
      nextToken = page.nextToken || undefined;
    } while (nextToken);
    const result: { account: SsoAccount; roles: string[] }[] = [];
    for (const account of accounts) {
      const roles: string[] = [];
      let next: string | undefined;
      do {
        await pace();
        const page = await call(where, "ListAccountRoles", (abortSignal) =>
          client.send(
            new ListAccountRolesCommand({
              accessToken,
              accountId: account.accountId,
              nextToken: next,
            }),
            { abortSignal },
          ));
        for (const role of page.roleList ?? []) if (role.roleName) roles.push(role.roleName);
        next = page.nextToken || undefined;
      } while (next);
      result.push({ account, roles });
    }
    return result;
  } finally {
    client.destroy();
  }
}

/** Logout: the portal ends the token's session. */
export async function logout(where: SsoEndpoint, accessToken: string): Promise<void> {
  const client = portal(where);
  try {
    await call(
      where,
      "Logout",
      (abortSignal) => client.send(new LogoutCommand({ accessToken }), { abortSignal }),
    );
  } finally {
    client.destroy();
  }
}
