/**
 * The AssumeRole request of a profile, built once: the cache key is derived from it and the very
 * same object is sent to STS (with the MFA code added), so the two cannot drift apart. Plain
 * data only.
 *
 * @module
 */

import type { TargetProfile } from "../config/target_profile.ts";
import type { RoleRequest } from "../sts/role_request.ts";

export type { RoleRequest };

/**
 * The AssumeRole request for `target`. A call made with an MFA code adds `SerialNumber` and
 * `TokenCode` to it; a call with the MFA session adds nothing (the session carries the MFA
 * context).
 */
export function roleRequest(target: TargetProfile): RoleRequest {
  return {
    RoleArn: target.roleArn,
    RoleSessionName: target.roleSessionName,
    DurationSeconds: target.durationSeconds,
    ExternalId: target.externalId,
    SourceIdentity: target.sourceIdentity,
    Tags: target.sessionTags.length
      ? target.sessionTags.map((tag) => ({ Key: tag.key, Value: tag.value }))
      : undefined,
    TransitiveTagKeys: target.transitiveTagKeys.length ? target.transitiveTagKeys : undefined,
  };
}
