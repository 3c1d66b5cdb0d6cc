/**
 * The STS client both STS calls use: explicit region, endpoint and credentials (nothing read
 * from the environment or profiles behind our back), retries with backoff, bounded timeouts.
 *
 * @module
 */

import { STSClient } from "@aws-sdk/client-sts";
import type { SourceCredentials } from "./source_credentials.ts";

/** Attempts per request; the SDK backs off exponentially between them (throttling, network). */
export const MAX_ATTEMPTS = 4;

/** A client for one call; `destroy()` it afterwards. */
export function stsClient(
  options: { region: string; endpoint: string; credentials: SourceCredentials },
): STSClient {
  return new STSClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000 },
  });
}
