/**
 * STS GetCallerIdentity through the AWS SDK, for `doctor`: who the source credentials belong to,
 * and the server's clock (the response's `Date` header) to compare with ours. Needs no MFA and no
 * permission. Loaded only when used.
 *
 * @module
 */

import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { boundedCall, type StsCallBase, stsClient } from "./sts_client.ts";
import { stsError } from "./sts_errors.ts";

/** Everything one GetCallerIdentity call needs. */
export interface CallerIdentityRequest extends StsCallBase {
}

/** Who signed, and when the server answered. */
export interface CallerIdentity {
  arn: string;
  account: string;
  /** The server's time from its `Date` header, in epoch milliseconds, if it sent one. */
  serverTime?: number;
}

/** Calls STS GetCallerIdentity. */
export async function callerIdentity(request: CallerIdentityRequest): Promise<CallerIdentity> {
  const client = stsClient({ ...request, attemptTimeoutMs: request.timeouts?.attemptMs });
  let serverDate: string | undefined;
  client.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const headers = (out.response as { headers?: Record<string, string> }).headers;
      serverDate = headers?.date ?? headers?.Date;
      return out;
    },
    { step: "deserialize", name: "vegasServerDate" },
  );
  try {
    const response = await client.send(
      new GetCallerIdentityCommand({}),
      boundedCall(request.timeouts?.callMs),
    );
    const time = serverDate ? Date.parse(serverDate) : NaN;
    return {
      arn: response.Arn ?? "",
      account: response.Account ?? "",
      serverTime: Number.isNaN(time) ? undefined : time,
    };
  } catch (error) {
    throw stsError(error, {
      action: "GetCallerIdentity",
      profileName: request.profileName,
      sourceProfile: request.sourceProfile,
      roleArn: "(none)",
      endpoint: request.endpoint,
      usedMfa: false,
      mfaConfigured: true,
      attempts: (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1,
    });
  } finally {
    client.destroy();
  }
}
