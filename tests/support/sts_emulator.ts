/**
 * A loopback AWS STS for tests and the demo. It speaks the query protocol (form-encoded POST,
 * XML answers) that the AWS SDKs and CLI use, verifies every request's SigV4 signature against
 * the secrets it knows, checks TOTP codes (and rejects a code used twice), models MFA context and
 * the role-chaining 1 h cap, can inject AWS errors, and logs every request for assertions.
 *
 * @module
 */

import { randomBytes } from "node:crypto";
import { STEP_SECONDS, totpForStep } from "./totp.ts";
import { verifySignature } from "./sigv4.ts";
import { type SsoEmulator, ssoEmulator } from "./sso_emulator.ts";

/** An IAM user with long-term keys and, optionally, a virtual MFA device. */
export interface EmulatedUser {
  accessKeyId: string;
  secretAccessKey: string;
  /** e.g. `arn:aws:iam::111111111111:user/frank` */
  arn: string;
  mfa?: { serial: string; totpSecret: string };
}

/** An IAM role. */
export interface EmulatedRole {
  arn: string;
  /** Principal ARNs allowed to assume it (users, or `arn:aws:sts::…:assumed-role/…` prefixes). */
  trusted: string[];
  /** Whether the trust policy demands `aws:MultiFactorAuthPresent`. */
  requireMfa: boolean;
  externalId?: string;
  /** Seconds; default 3600 as in IAM. */
  maxSessionDuration?: number;
  /** Whether it trusts the web identity provider (AssumeRoleWithWebIdentity). */
  webIdentity?: boolean;
}

/** One request the emulator answered. */
export interface LoggedRequest {
  action: string;
  accessKeyId?: string;
  params: Record<string, string>;
  /** The error code sent back, if any. */
  error?: string;
}

/** An error to send instead of a normal answer. */
export interface Injection {
  action?: string;
  code: string;
  message: string;
  status?: number;
  /** How many requests to fail; default 1. */
  times?: number;
}

interface Session {
  secretAccessKey: string;
  sessionToken: string;
  expiration: number;
  arn: string;
  userId: string;
  account: string;
  mfaAuthenticated: boolean;
  chained: boolean;
  userArn?: string;
}

/** A running emulator. */
export interface StsEmulator {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  port: number;
  /** Every request answered, in order. */
  requests: LoggedRequest[];
  /** Queues an error to answer with. */
  inject(injection: Injection): void;
  /**
   * Moves the emulator's notion of "now" for credential lifetimes (not for TOTP codes), to
   * follow a test's injected clock.
   */
  clockOffsetMs: number;
  /** IAM (at `${endpoint}/iam`) refuses long-term keys: only an MFA session may call it. */
  iamRequiresMfa: boolean;
  /** How long after CreateAccessKey STS starts to accept the new key. */
  iamPropagationMs: number;
  /** The keys CreateAccessKey made, in order. */
  createdKeys: string[];
  /** The access keys IAM holds for the user `arn`, sorted. */
  accessKeysOf(arn: string): string[];
  /** Milliseconds to wait before answering an action, by action name. */
  delays: Record<string, number>;
  /** Sign-in tokens handed out by the federation endpoint. */
  signinTokens: string[];
  /** The `SessionDuration` sent with each sign-in token request, by index (undefined: none). */
  signinDurations: (number | undefined)[];
  /** When set, role sessions from AssumeRole last this long instead of DurationSeconds. */
  roleLifetimeMs?: number;
  /** The SSO OIDC and portal half (sso_emulator.ts), on the same endpoint. */
  sso: SsoEmulator;
  /** Web identity tokens AssumeRoleWithWebIdentity accepts. */
  webIdentityTokens: string[];
  /** Web identity tokens it answers ExpiredTokenException for. */
  expiredWebIdentityTokens: string[];
  /** Counts answered requests of one action that succeeded. */
  successes(action: string): number;
  /** Stops the server. */
  close(): Promise<void>;
}

const NS = "https://sts.amazonaws.com/doc/2011-06-15/";

function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function randomId(prefix: string, length: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const bytes = randomBytes(length);
  return prefix + [...bytes].map((b) => alphabet[b % 32]).join("");
}

function accountOf(arn: string): string {
  return arn.split(":")[4];
}

class StsFault extends Error {
  constructor(readonly code: string, message: string, readonly status = 400) {
    super(message);
  }
}

function xmlResponse(body: string, status = 200): Response {
  return new Response(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`, {
    status,
    headers: { "content-type": "text/xml", "x-amzn-requestid": crypto.randomUUID() },
  });
}

function errorResponse(fault: StsFault): Response {
  const type = fault.status >= 500 ? "Receiver" : "Sender";
  return xmlResponse(
    `<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${
      xmlEscape(fault.code)
    }</Code>` +
      `<Message>${xmlEscape(fault.message)}</Message></Error>` +
      `<RequestId>${crypto.randomUUID()}</RequestId></ErrorResponse>`,
    fault.status,
  );
}

function credentialsXml(akid: string, session: Session): string {
  return `<Credentials><AccessKeyId>${akid}</AccessKeyId>` +
    `<SecretAccessKey>${xmlEscape(session.secretAccessKey)}</SecretAccessKey>` +
    `<SessionToken>${xmlEscape(session.sessionToken)}</SessionToken>` +
    `<Expiration>${new Date(session.expiration).toISOString()}</Expiration></Credentials>`;
}

/** Starts the emulator on a free loopback port. */
export function startStsEmulator(
  options: { users: EmulatedUser[]; roles: EmulatedRole[] },
): StsEmulator {
  const users = new Map(options.users.map((user) => [user.accessKeyId, user]));
  const roles = new Map(options.roles.map((role) => [role.arn, role]));
  const sessions = new Map<string, Session>();
  const emulator: StsEmulator = {
    endpoint: "",
    port: 0,
    clockOffsetMs: 0,
    delays: {},
    iamRequiresMfa: false,
    iamPropagationMs: 0,
    createdKeys: [],
    accessKeysOf: () => [],
    signinTokens: [],
    signinDurations: [],
    requests: [] as LoggedRequest[],
    inject(injection) {
      injections.push({ action: "*", status: 400, times: 1, ...injection });
    },
    sso: undefined as unknown as SsoEmulator,
    webIdentityTokens: [],
    expiredWebIdentityTokens: [],
    successes: (action) => emulator.requests.filter((r) => r.action === action && !r.error).length,
    close: () => server.shutdown(),
  };
  const usedCodes = new Set<string>();
  const injections: Required<Injection>[] = [];
  const requests = emulator.requests;

  const checkMfa = (caller: EmulatedUser | undefined, serial: string, code: string | undefined) => {
    const device = caller?.mfa;
    const now = Math.floor(Date.now() / 1000 / STEP_SECONDS);
    const valid = device && device.serial === serial && code !== undefined &&
      [now - 1, now, now + 1].some((step) => totpForStep(device.totpSecret, step) === code);
    const key = `${serial}:${code}`;
    if (!valid || usedCodes.has(key)) {
      throw new StsFault(
        "AccessDenied",
        "MultiFactorAuthentication failed with invalid MFA one time pass code.",
        403,
      );
    }
    usedCodes.add(key);
  };

  const issue = (
    template: Omit<Session, "secretAccessKey" | "sessionToken">,
  ): [string, Session] => {
    const akid = randomId("ASIA", 16);
    const session: Session = {
      ...template,
      secretAccessKey: randomBytes(30).toString("base64").slice(0, 40),
      sessionToken: "FwoG" + randomBytes(96).toString("base64"),
    };
    sessions.set(akid, session);
    return [akid, session];
  };

  const ssoHalf = ssoEmulator({
    now: () => Date.now() + emulator.clockOffsetMs,
    issueRoleSession(account, roleName) {
      const arn = `arn:aws:sts::${account}:assumed-role/AWSReservedSSO_${roleName}_5d1e2b4a/frank`;
      const [accessKeyId, session] = issue({
        expiration: Date.now() + emulator.clockOffsetMs + 3600_000,
        arn,
        userId: "AROA" + randomId("", 17) + ":frank",
        account,
        mfaAuthenticated: false,
        chained: false,
      });
      return { accessKeyId, ...session };
    },
  });
  emulator.sso = ssoHalf.sso;

  /** AssumeRoleWithWebIdentity: unsigned; the token is the proof. */
  const webIdentity = (params: Record<string, string>): string => {
    const token = params.WebIdentityToken ?? "";
    if (emulator.expiredWebIdentityTokens.includes(token)) {
      throw new StsFault("ExpiredTokenException", "Token expired: current date/time is past exp");
    }
    if (!emulator.webIdentityTokens.includes(token)) {
      throw new StsFault(
        "InvalidIdentityToken",
        "Couldn't retrieve verification key from your identity provider",
      );
    }
    const roleArn = params.RoleArn ?? "";
    const role = roles.get(roleArn);
    if (!role?.webIdentity) {
      throw new StsFault(
        "AccessDenied",
        "Not authorized to perform sts:AssumeRoleWithWebIdentity",
        403,
      );
    }
    const sessionName = params.RoleSessionName ?? "";
    const duration = Number(params.DurationSeconds ?? 3600);
    const account = accountOf(roleArn);
    const assumedArn = `arn:aws:sts::${account}:assumed-role/${
      roleArn.slice(roleArn.lastIndexOf("/") + 1)
    }/${sessionName}`;
    const [newKey, issued] = issue({
      expiration: Date.now() + emulator.clockOffsetMs + duration * 1000,
      arn: assumedArn,
      userId: `AROA${randomId("", 17)}:${sessionName}`,
      account,
      mfaAuthenticated: false,
      chained: false,
    });
    return `<AssumeRoleWithWebIdentityResponse xmlns="${NS}"><AssumeRoleWithWebIdentityResult>${
      credentialsXml(newKey, issued)
    }<SubjectFromWebIdentityToken>frank</SubjectFromWebIdentityToken>` +
      `<AssumedRoleUser><AssumedRoleId>${xmlEscape(issued.userId)}</AssumedRoleId>` +
      `<Arn>${xmlEscape(assumedArn)}</Arn></AssumedRoleUser>` +
      `<Provider>https://token.actions.example.com</Provider><Audience>sts.amazonaws.com</Audience>` +
      `</AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>${crypto.randomUUID()}` +
      `</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`;
  };

  /** New keys and when STS starts to accept them (IAM is eventually consistent). */
  const pendingUntil = new Map<string, number>();
  const keyDates = new Map<string, string>();
  const IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
  const iamCaller = (akid: string, token: string | null): EmulatedUser => {
    const user = users.get(akid);
    if (user) {
      if (emulator.iamRequiresMfa) {
        throw new StsFault(
          "AccessDenied",
          `User: ${user.arn} is not authorized to perform this action with an explicit deny (MFA required)`,
          403,
        );
      }
      return user;
    }
    const session = sessions.get(akid);
    if (!session || token !== session.sessionToken || !session.userArn) {
      throw new StsFault(
        "InvalidClientTokenId",
        "The security token included in the request is invalid.",
        403,
      );
    }
    if (emulator.iamRequiresMfa && !session.mfaAuthenticated) {
      throw new StsFault("AccessDenied", "MFA required", 403);
    }
    return [...users.values()].find((u) => u.arn === session.userArn)!;
  };
  const handleIam = (
    action: string,
    params: Record<string, string>,
    akid: string,
    token: string | null,
  ): string => {
    const injection = injections.find((i) => i.action === action);
    if (injection) {
      if (--injection.times <= 0) injections.splice(injections.indexOf(injection), 1);
      throw new StsFault(injection.code, injection.message, injection.status);
    }
    const caller = iamCaller(akid, token);
    const userName = caller.arn.slice(caller.arn.lastIndexOf("/") + 1);
    const keysOf = () => [...users.values()].filter((u) => u.arn === caller.arn);
    const meta =
      `<ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata>`;
    const date = (id: string) => keyDates.get(id) ?? "2026-01-01T00:00:00Z";
    switch (action) {
      case "ListAccessKeys":
        return `<ListAccessKeysResponse xmlns="${IAM_NS}"><ListAccessKeysResult><AccessKeyMetadata>${
          keysOf().map((u) =>
            `<member><UserName>${xmlEscape(userName)}</UserName><AccessKeyId>${u.accessKeyId}` +
            `</AccessKeyId><Status>Active</Status><CreateDate>${
              date(u.accessKeyId)
            }</CreateDate></member>`
          ).join("")
        }</AccessKeyMetadata><IsTruncated>false</IsTruncated></ListAccessKeysResult>${meta}</ListAccessKeysResponse>`;
      case "CreateAccessKey": {
        if (keysOf().length >= 2) {
          throw new StsFault("LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2", 409);
        }
        const id = randomId("AKIA", 16);
        const secret = randomBytes(30).toString("base64").slice(0, 40);
        users.set(id, {
          accessKeyId: id,
          secretAccessKey: secret,
          arn: caller.arn,
          mfa: caller.mfa,
        });
        pendingUntil.set(id, Date.now() + emulator.iamPropagationMs);
        keyDates.set(id, new Date().toISOString().replace(/\.\d{3}Z$/, "Z"));
        emulator.createdKeys.push(id);
        return `<CreateAccessKeyResponse xmlns="${IAM_NS}"><CreateAccessKeyResult><AccessKey>` +
          `<UserName>${xmlEscape(userName)}</UserName><AccessKeyId>${id}</AccessKeyId>` +
          `<Status>Active</Status><SecretAccessKey>${secret}</SecretAccessKey>` +
          `<CreateDate>${
            date(id)
          }</CreateDate></AccessKey></CreateAccessKeyResult>${meta}</CreateAccessKeyResponse>`;
      }
      case "DeleteAccessKey": {
        const id = params.AccessKeyId ?? "";
        if (!keysOf().some((u) => u.accessKeyId === id)) {
          throw new StsFault("NoSuchEntity", `The Access Key with id ${id} cannot be found.`, 404);
        }
        users.delete(id);
        return `<DeleteAccessKeyResponse xmlns="${IAM_NS}">${meta}</DeleteAccessKeyResponse>`;
      }
      default:
        throw new StsFault(
          "InvalidAction",
          `Could not find operation ${action} for version 2010-05-08`,
        );
    }
  };
  /** The access keys IAM holds for the user `arn`. */
  emulator.accessKeysOf = (arn) =>
    [...users.values()].filter((u) => u.arn === arn).map((u) => u.accessKeyId).sort();

  const handle = (
    action: string,
    params: Record<string, string>,
    akid: string,
    token: string | null,
  ): string => {
    const user = users.get(akid);
    const session = sessions.get(akid);
    if (session) {
      if (token !== session.sessionToken) {
        throw new StsFault(
          "InvalidClientTokenId",
          "The security token included in the request is invalid.",
          403,
        );
      }
      if (Date.now() + emulator.clockOffsetMs >= session.expiration) {
        throw new StsFault("ExpiredToken", "The security token included in the request is expired");
      }
    }
    const injection = injections.find((i) => i.action === "*" || i.action === action);
    if (injection) {
      if (--injection.times <= 0) injections.splice(injections.indexOf(injection), 1);
      throw new StsFault(injection.code, injection.message, injection.status);
    }
    const callerArn = user?.arn ?? session!.arn;
    switch (action) {
      case "GetCallerIdentity":
        return `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult>` +
          `<Arn>${xmlEscape(callerArn)}</Arn><UserId>${
            xmlEscape(user ? akid.replace(/^AKIA/, "AIDA") : session!.userId)
          }</UserId>` +
          `<Account>${accountOf(callerArn)}</Account></GetCallerIdentityResult>` +
          `<ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
      case "GetSessionToken": {
        if (!user) {
          throw new StsFault(
            "AccessDenied",
            "Cannot call GetSessionToken with session credentials",
            403,
          );
        }
        const duration = Number(params.DurationSeconds ?? 43200);
        if (!(duration >= 900 && duration <= 129600)) {
          throw new StsFault(
            "ValidationError",
            "1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint",
          );
        }
        let mfa = false;
        if (params.SerialNumber) {
          checkMfa(user, params.SerialNumber, params.TokenCode);
          mfa = true;
        }
        const [newKey, issued] = issue({
          expiration: Date.now() + emulator.clockOffsetMs + duration * 1000,
          arn: user.arn,
          userId: akid.replace(/^AKIA/, "AIDA"),
          account: accountOf(user.arn),
          mfaAuthenticated: mfa,
          chained: false,
          userArn: user.arn,
        });
        return `<GetSessionTokenResponse xmlns="${NS}"><GetSessionTokenResult>${
          credentialsXml(newKey, issued)
        }` +
          `</GetSessionTokenResult><ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId>` +
          `</ResponseMetadata></GetSessionTokenResponse>`;
      }
      case "AssumeRole": {
        const roleArn = params.RoleArn ?? "";
        const sessionName = params.RoleSessionName ?? "";
        if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
          throw new StsFault(
            "ValidationError",
            "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint",
          );
        }
        const role = roles.get(roleArn);
        const principal = session?.userArn ?? callerArn;
        const notAuthorized = new StsFault(
          "AccessDenied",
          `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
          403,
        );
        if (!role || !role.trusted.some((t) => principal === t || callerArn.startsWith(t))) {
          throw notAuthorized;
        }
        let mfa = session?.mfaAuthenticated ?? false;
        if (params.SerialNumber) {
          checkMfa(
            user ?? [...users.values()].find((u) => u.arn === session?.userArn),
            params.SerialNumber,
            params.TokenCode,
          );
          mfa = true;
        }
        if (role.requireMfa && !mfa) throw notAuthorized;
        if (role.externalId !== undefined && params.ExternalId !== role.externalId) {
          throw notAuthorized;
        }
        const duration = Number(params.DurationSeconds ?? 3600);
        if (!(duration >= 900 && duration <= 43200)) {
          throw new StsFault(
            "ValidationError",
            "1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200",
          );
        }
        const chained = session !== undefined;
        if (chained && duration > 3600) {
          throw new StsFault(
            "ValidationError",
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
          );
        }
        if (duration > (role.maxSessionDuration ?? 3600)) {
          throw new StsFault(
            "ValidationError",
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
          );
        }
        const roleName = roleArn.slice(roleArn.lastIndexOf("/") + 1);
        const account = accountOf(roleArn);
        const roleId = "AROA" + randomId("", 17);
        const assumedArn = `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`;
        const [newKey, issued] = issue({
          expiration: Date.now() + emulator.clockOffsetMs +
            (emulator.roleLifetimeMs ?? duration * 1000),
          arn: assumedArn,
          userId: `${roleId}:${sessionName}`,
          account,
          mfaAuthenticated: mfa,
          chained,
        });
        return `<AssumeRoleResponse xmlns="${NS}"><AssumeRoleResult>${
          credentialsXml(newKey, issued)
        }` +
          `<AssumedRoleUser><AssumedRoleId>${xmlEscape(issued.userId)}</AssumedRoleId>` +
          `<Arn>${xmlEscape(assumedArn)}</Arn></AssumedRoleUser></AssumeRoleResult>` +
          `<ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`;
      }
      default:
        throw new StsFault(
          "InvalidAction",
          `Could not find operation ${action} for version 2011-06-15`,
        );
    }
  };

  /**
   * The federation endpoint (`/federation?Action=getSigninToken&Session=…`): a sign-in token only
   * for valid, unexpired role session credentials it issued itself.
   */
  const federation = (logged: LoggedRequest): Response => {
    const refuse = (why: string) => {
      logged.error = why;
      return new Response(`${why}\n`, { status: 400, headers: { "content-type": "text/plain" } });
    };
    const injected = injections.find((i) => i.action === "getSigninToken" && i.times > 0);
    if (injected) {
      injected.times--;
      return refuse(injected.message);
    }
    if (logged.action !== "getSigninToken") return refuse("Unsupported action");
    let session: { sessionId?: string; sessionKey?: string; sessionToken?: string };
    try {
      session = JSON.parse(logged.params.Session ?? "");
    } catch {
      return refuse("Session is not JSON");
    }
    const issued = session.sessionId ? sessions.get(session.sessionId) : undefined;
    if (
      !issued || issued.secretAccessKey !== session.sessionKey ||
      issued.sessionToken !== session.sessionToken
    ) return refuse("Invalid credentials");
    if (Date.now() + emulator.clockOffsetMs >= issued.expiration) {
      return refuse("Expired credentials");
    }
    if (!issued.arn.includes(":assumed-role/")) return refuse("Not role credentials");
    let sessionDuration: number | undefined;
    if (logged.params.SessionDuration !== undefined) {
      sessionDuration = Number(logged.params.SessionDuration);
      if (
        !(Number.isInteger(sessionDuration) && sessionDuration >= 900 && sessionDuration <= 43200)
      ) {
        return refuse("SessionDuration must be a whole number from 900 to 43200");
      }
      // AWS refuses SessionDuration outright for a role session assumed with temporary
      // credentials (role chaining), whatever its value.
      if (issued.chained) {
        return refuse("The SessionDuration parameter cannot be used with role chaining sessions");
      }
    }
    const token = randomId("SIGNIN", 40);
    emulator.signinTokens.push(token);
    emulator.signinDurations.push(sessionDuration);
    return new Response(JSON.stringify({ SigninToken: token }), {
      headers: { "content-type": "application/json" },
    });
  };

  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      const response = await answer(request);
      // The emulated server's clock, as AWS's Date header shows it.
      response.headers.set("date", new Date(Date.now() + emulator.clockOffsetMs).toUTCString());
      return response;
    },
  );
  async function answer(request: Request): Promise<Response> {
    {
      const body = new Uint8Array(await request.arrayBuffer());
      const url = new URL(request.url);
      const sso = await ssoHalf.route(request, url, new TextDecoder().decode(body));
      if (sso) return sso;
      const params: Record<string, string> = Object.fromEntries(url.searchParams);
      if (request.method === "POST") {
        Object.assign(
          params,
          Object.fromEntries(new URLSearchParams(new TextDecoder().decode(body))),
        );
      }
      const action = params.Action ?? "";
      const logged: LoggedRequest = { action, params };
      requests.push(logged);
      const delay = emulator.delays[action];
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      if (url.pathname === "/federation") return federation(logged);
      try {
        if (action === "AssumeRoleWithWebIdentity") {
          if (request.headers.get("authorization")) {
            throw new StsFault("InvalidRequest", "AssumeRoleWithWebIdentity is not signed");
          }
          return xmlResponse(webIdentity(params));
        }
        const iam = url.pathname.replace(/\/$/, "") === "/iam";
        const check = verifySignature(
          request,
          body,
          (akid) => {
            const user = users.get(akid);
            // A new key works for STS only once IAM has propagated it.
            if (user && !iam && (pendingUntil.get(akid) ?? 0) > Date.now()) return undefined;
            return user?.secretAccessKey ?? sessions.get(akid)?.secretAccessKey;
          },
          Date.now(),
          iam ? "iam" : "sts",
        );
        if (!check.ok) {
          throw new StsFault(
            check.code,
            check.message,
            check.code === "IncompleteSignature" ? 400 : 403,
          );
        }
        logged.accessKeyId = check.auth.accessKeyId;
        if (iam) {
          return xmlResponse(
            handleIam(
              action,
              params,
              check.auth.accessKeyId,
              request.headers.get("x-amz-security-token"),
            ),
          );
        }
        return xmlResponse(
          handle(
            action,
            params,
            check.auth.accessKeyId,
            request.headers.get("x-amz-security-token"),
          ),
        );
      } catch (error) {
        const fault = error instanceof StsFault
          ? error
          : new StsFault("InternalFailure", String(error), 500);
        logged.error = fault.code;
        return errorResponse(fault);
      }
    }
  }
  const port = server.addr.port;
  emulator.endpoint = `http://127.0.0.1:${port}`;
  emulator.port = port;
  return emulator;
}
