/**
 * STS AssumeRoleWithWebIdentity through the AWS SDK: unsigned (the token is the proof), with
 * the same endpoint, retries and limits as our other STS calls. Loaded only on a miss.
 *
 * @module
 */

import { AssumeRoleWithWebIdentityCommand } from "@aws-sdk/client-sts";
import type { TemporaryCredentials } from "../credential_types.ts";
import { VegasError } from "../errors.ts";
import { shown } from "../text/terminal_text.ts";
import { answeredCredentials, boundedCall, stsClient, type StsTimeouts } from "./sts_client.ts";
import { networkReason } from "./sts_errors.ts";

/** One AssumeRoleWithWebIdentity call. */
export interface WebIdentityRequest {
  /** The source profile, for messages. */
  sourceProfile: string;
  region: string;
  endpoint: string;
  roleArn: string;
  roleSessionName: string;
  durationSeconds?: number;
  token: string;
  timeouts?: StsTimeouts;
}

/** Calls STS AssumeRoleWithWebIdentity. */
export async function assumeRoleWithWebIdentity(
  request: WebIdentityRequest,
): Promise<TemporaryCredentials> {
  const client = stsClient({ ...request, attemptTimeoutMs: request.timeouts?.attemptMs });
  const what = `AssumeRoleWithWebIdentity of ${request.roleArn} for source profile "${
    shown(request.sourceProfile, 80)
  }"`;
  try {
    const response = await client.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: request.roleArn,
        RoleSessionName: request.roleSessionName,
        WebIdentityToken: request.token,
        DurationSeconds: request.durationSeconds,
      }),
      boundedCall(request.timeouts?.callMs),
    );
    return answeredCredentials(response.Credentials, what);
  } catch (error) {
    if (error instanceof VegasError) throw error;
    const network = error instanceof Error ? networkReason(error) : undefined;
    if (network) {
      throw new VegasError(
        `Cannot reach AWS STS at ${request.endpoint} (${network}) for ${what}; check your ` +
          `network and proxy, and AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL if set`,
      );
    }
    const name = (error as Error)?.name ?? "Error";
    const message = ((error as Error)?.message ?? String(error)).replace(/\.$/, "");
    const hint = name === "InvalidIdentityTokenException" || name === "InvalidIdentityToken"
      ? "; the token was refused: check its issuer and audience against the role's trust policy"
      : name === "ExpiredTokenException" || name === "ExpiredToken"
      ? "; the token has expired: have its issuer write a new one"
      : name === "AccessDenied" || name === "AccessDeniedException"
      ? "; check that the role's trust policy allows this identity provider"
      : "";
    throw new VegasError(`AWS refused ${what}: ${name}: ${shown(message, 200)}${hint}`, undefined, {
      cause: error,
    });
  } finally {
    client.destroy();
  }
}
