/**
 * The AWS console sign-in URL for role credentials: the federation endpoint exchanges the
 * credentials for a sign-in token, and the login URL carries that token to the console page.
 * Hosts follow the role ARN's partition.
 *
 * @module
 */

import type { TemporaryCredentials } from "../credential_types.ts";

/** The sign-in and console hosts of one AWS partition. */
export interface PartitionHosts {
  /** The federation endpoint. */
  federation: string;
  /** The console's base URL, without a region. */
  console: string;
  /** The console's base URL in `region`. */
  regionalConsole(region: string): string;
}

const PARTITIONS: Record<string, PartitionHosts> = {
  "aws": {
    federation: "https://signin.aws.amazon.com/federation",
    console: "https://console.aws.amazon.com",
    regionalConsole: (region) => `https://${region}.console.aws.amazon.com`,
  },
  "aws-us-gov": {
    federation: "https://signin.amazonaws-us-gov.com/federation",
    console: "https://console.amazonaws-us-gov.com",
    regionalConsole: () => "https://console.amazonaws-us-gov.com",
  },
  "aws-cn": {
    federation: "https://signin.amazonaws.cn/federation",
    console: "https://console.amazonaws.cn",
    regionalConsole: () => "https://console.amazonaws.cn",
  },
};

/** The hosts for the partition of `roleArn` (`arn:PARTITION:…`); `aws` when unknown. */
export function partitionHosts(roleArn: string): PartitionHosts {
  return PARTITIONS[roleArn.split(":")[1]] ?? PARTITIONS.aws;
}

/** The console page to open: `--path`, else `--service`'s home, else the console home. */
export function destinationUrl(
  hosts: PartitionHosts,
  options: { service?: string; path?: string; region?: string },
): string {
  const path = options.path ?? (options.service ? `/${options.service}/home` : "/console/home");
  const base = options.region ? hosts.regionalConsole(options.region) : hosts.console;
  const url = new URL(path.startsWith("/") ? path : `/${path}`, base);
  if (options.region && !url.searchParams.has("region")) {
    url.searchParams.set("region", options.region);
  }
  return url.href;
}

/** The shortest and longest console session the federation endpoint accepts, in seconds. */
export const CONSOLE_SESSION_LIMITS = { min: 900, max: 43200 } as const;

/**
 * The `SessionDuration` for a console session with `credentials` at `now`: `wanted` seconds
 * (default: as long as possible), but never past the credentials' expiry, since AWS would cut
 * the session there anyway, and within the endpoint's 15 min to 12 h. For a chained role the
 * credentials last at most an hour, so this also keeps within AWS's one-hour chaining limit.
 */
export function consoleSessionSeconds(
  credentials: TemporaryCredentials,
  now: number,
  wanted?: number,
): number {
  const left = Math.floor((credentials.expiration.getTime() - now) / 1000);
  const seconds = Math.min(wanted ?? CONSOLE_SESSION_LIMITS.max, left, CONSOLE_SESSION_LIMITS.max);
  return Math.max(seconds, CONSOLE_SESSION_LIMITS.min);
}

/**
 * The getSigninToken request URL (it carries the credentials: never log it), asking for a
 * console session of `sessionSeconds` when given.
 */
export function signinTokenUrl(
  federation: string,
  credentials: TemporaryCredentials,
  sessionSeconds?: number,
): string {
  const session = JSON.stringify({
    sessionId: credentials.accessKeyId,
    sessionKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
  });
  const url = new URL(federation);
  url.searchParams.set("Action", "getSigninToken");
  if (sessionSeconds !== undefined) url.searchParams.set("SessionDuration", String(sessionSeconds));
  url.searchParams.set("Session", session);
  return url.href;
}

/** The login URL: a bearer credential for the console session until it expires. */
export function loginUrl(federation: string, signinToken: string, destination: string): string {
  const url = new URL(federation);
  url.searchParams.set("Action", "login");
  url.searchParams.set("Issuer", "vegas-credentials");
  url.searchParams.set("Destination", destination);
  url.searchParams.set("SigninToken", signinToken);
  return url.href;
}
