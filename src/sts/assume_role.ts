/**
 * AssumeRole through the AWS SDK, signed with the source credentials. The only module (with
 * `source_credentials.ts`) that imports the SDK; `cli` loads it with a dynamic `import()` so a
 * run that needs no STS call never pays for it.
 *
 * @module
 */

import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import type { TemporaryCredentials } from "../credential_types.ts";
import type { RoleRequest } from "./role_request.ts";
import { answeredCredentials, boundedCall, type StsCallBase, stsClient } from "./sts_client.ts";
import { stsError } from "./sts_errors.ts";

/** Everything one AssumeRole call needs. */
export interface AssumeRoleRequest extends StsCallBase {
  /** The request built by the credentials layer, also hashed into the cache key. */
  request: RoleRequest;
  /** Whether the profile has an MFA device (used through the MFA session when no code is sent). */
  mfaConfigured?: boolean;
  /** MFA device and the code from it; both or neither. */
  mfa?: { serialNumber: string; tokenCode: string };
}

/** What AssumeRole returned. */
export interface AssumeRoleResult {
  credentials: TemporaryCredentials;
  /** The ARN of the assumed-role session. */
  assumedRoleArn?: string;
}

/** Calls STS AssumeRole. */
export async function assumeRole(request: AssumeRoleRequest): Promise<AssumeRoleResult> {
  const client = stsClient({ ...request, attemptTimeoutMs: request.timeouts?.attemptMs });
  try {
    const response = await client.send(
      new AssumeRoleCommand({
        ...request.request,
        SerialNumber: request.mfa?.serialNumber,
        TokenCode: request.mfa?.tokenCode,
      }),
      boundedCall(request.timeouts?.callMs),
    );
    return {
      credentials: answeredCredentials(
        response.Credentials,
        `AssumeRole for profile "${request.profileName}"`,
      ),
      assumedRoleArn: response.AssumedRoleUser?.Arn,
    };
  } catch (error) {
    const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
    throw stsError(error, {
      profileName: request.profileName,
      sourceProfile: request.sourceProfile,
      roleArn: request.request.RoleArn,
      endpoint: request.endpoint,
      usedMfa: request.mfa !== undefined,
      mfaConfigured: request.mfaConfigured,
      attempts,
    });
  } finally {
    client.destroy();
  }
}
