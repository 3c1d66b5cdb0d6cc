/**
 * The IAM calls of `rotate` through the AWS SDK: ListAccessKeys, CreateAccessKey and
 * DeleteAccessKey for the calling user, each bounded. Loaded only by `rotate`.
 *
 * @module
 */

import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  IAMClient,
  ListAccessKeysCommand,
} from "@aws-sdk/client-iam";
import type { SigningCredentials } from "../credential_types.ts";
import { boundedCall, MAX_ATTEMPTS, type StsTimeouts } from "./sts_client.ts";

/** IAM for one user, signed with `credentials`. */
export function iamKeys(options: {
  credentials: SigningCredentials;
  /** `AWS_ENDPOINT_URL_IAM` or `AWS_ENDPOINT_URL`, when set. */
  endpoint?: string;
  timeouts: StsTimeouts;
}) {
  const client = new IAMClient({
    region: "us-east-1",
    endpoint: options.endpoint,
    credentials: options.credentials,
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: {
      connectionTimeout: Math.min(5_000, options.timeouts.attemptMs),
      requestTimeout: options.timeouts.attemptMs,
      throwOnRequestTimeout: true,
    },
  });
  const call = () => boundedCall(options.timeouts.callMs);
  // The AWS error's name stays the error's name (rotate tells AccessDenied by it); the message
  // names it too, for the line the user reads.
  const awsReason = (error: unknown) => {
    const e = error as Error;
    const wrapped = new Error(`${e.name}: ${e.message}`);
    wrapped.name = e.name;
    return wrapped;
  };
  return {
    async listKeys(): Promise<string[]> {
      const answer = await client.send(new ListAccessKeysCommand({}), call()).catch((e) => {
        throw awsReason(e);
      });
      return (answer.AccessKeyMetadata ?? []).map((k) => k.AccessKeyId ?? "").filter(Boolean);
    },
    async createKey() {
      const answer = await client.send(new CreateAccessKeyCommand({}), call()).catch((e) => {
        throw awsReason(e);
      });
      const key = answer.AccessKey;
      if (!key?.AccessKeyId || !key.SecretAccessKey) {
        throw new Error("IAM answered CreateAccessKey without a key");
      }
      return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
    },
    async deleteKey(accessKeyId: string) {
      await client.send(new DeleteAccessKeyCommand({ AccessKeyId: accessKeyId }), call()).catch(
        (e) => {
          throw awsReason(e);
        },
      );
    },
    close: () => client.destroy(),
  };
}
