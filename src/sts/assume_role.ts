/**
 * AssumeRole through the AWS SDK, signed with the source credentials. The only module (with
 * `source_credentials.ts`) that imports the SDK; `cli` loads it with a dynamic `import()` so a
 * run that needs no STS call never pays for it.
 *
 * @module
 */

import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import type { TemporaryCredentials } from "../credentials.ts";
import { VegasError } from "../errors.ts";
import type { SourceCredentials } from "./source_credentials.ts";
import { stsClient } from "./sts_client.ts";
import { stsError } from "./sts_errors.ts";

/** Everything one AssumeRole call needs. */
export interface AssumeRoleRequest {
  profileName: string;
  sourceProfile: string;
  region: string;
  endpoint: string;
  credentials: SourceCredentials;
  roleArn: string;
  roleSessionName: string;
  durationSeconds: number;
  externalId?: string;
  sourceIdentity?: string;
  sessionTags?: { key: string; value: string }[];
  transitiveTagKeys?: string[];
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
  const client = stsClient(request);
  try {
    const response = await client.send(
      new AssumeRoleCommand({
        RoleArn: request.roleArn,
        RoleSessionName: request.roleSessionName,
        DurationSeconds: request.durationSeconds,
        ExternalId: request.externalId,
        SourceIdentity: request.sourceIdentity,
        Tags: request.sessionTags?.length
          ? request.sessionTags.map((tag) => ({ Key: tag.key, Value: tag.value }))
          : undefined,
        TransitiveTagKeys: request.transitiveTagKeys?.length
          ? request.transitiveTagKeys
          : undefined,
        SerialNumber: request.mfa?.serialNumber,
        TokenCode: request.mfa?.tokenCode,
      }),
    );
    const c = response.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
      throw new VegasError(
        `AWS STS answered AssumeRole for profile "${request.profileName}" without credentials`,
      );
    }
    return {
      credentials: {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: new Date(c.Expiration),
      },
      assumedRoleArn: response.AssumedRoleUser?.Arn,
    };
  } catch (error) {
    const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
    throw stsError(error, {
      profileName: request.profileName,
      sourceProfile: request.sourceProfile,
      roleArn: request.roleArn,
      endpoint: request.endpoint,
      usedMfa: request.mfa !== undefined,
      attempts,
    });
  } finally {
    client.destroy();
  }
}
