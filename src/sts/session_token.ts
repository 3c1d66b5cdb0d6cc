/**
 * GetSessionToken with MFA: session credentials that carry the MFA context, so roles assumed
 * with them need no new code (AssumeRole signed with them satisfies `aws:MultiFactorAuthPresent`).
 * Must be called with long-term keys (`AKIA…`): STS refuses GetSessionToken with temporary ones.
 *
 * @module
 */

import { GetSessionTokenCommand } from "@aws-sdk/client-sts";
import type { TemporaryCredentials } from "../credential_types.ts";
import { answeredCredentials, boundedCall, type StsCallBase, stsClient } from "./sts_client.ts";
import { stsError } from "./sts_errors.ts";

/** What one GetSessionToken call needs. */
export interface SessionTokenRequest extends StsCallBase {
  durationSeconds: number;
  mfa: { serialNumber: string; tokenCode: string };
}

/** Calls STS GetSessionToken with an MFA code. */
export async function getSessionToken(request: SessionTokenRequest): Promise<TemporaryCredentials> {
  const client = stsClient({ ...request, attemptTimeoutMs: request.timeouts?.attemptMs });
  try {
    const response = await client.send(
      new GetSessionTokenCommand({
        DurationSeconds: request.durationSeconds,
        SerialNumber: request.mfa.serialNumber,
        TokenCode: request.mfa.tokenCode,
      }),
      boundedCall(request.timeouts?.callMs),
    );
    return answeredCredentials(
      response.Credentials,
      `GetSessionToken for profile "${request.profileName}"`,
    );
  } catch (error) {
    throw stsError(error, {
      profileName: request.profileName,
      sourceProfile: request.sourceProfile,
      roleArn: "(MFA session)",
      endpoint: request.endpoint,
      usedMfa: true,
      attempts: (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1,
      action: "GetSessionToken",
    });
  } finally {
    client.destroy();
  }
}
