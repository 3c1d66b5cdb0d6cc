/**
 * The shape of an AssumeRole request, as the AWS API names its parameters. A type only: the
 * credentials layer builds it (credentials/role_request.ts), hashes it into the cache key, and
 * `assume_role.ts` sends it.
 *
 * @module
 */

/** The parameters of STS AssumeRole, without the MFA code. */
export interface RoleRequest {
  RoleArn: string;
  RoleSessionName: string;
  DurationSeconds: number;
  ExternalId?: string;
  SourceIdentity?: string;
  Tags?: { Key: string; Value: string }[];
  TransitiveTagKeys?: string[];
}
