/**
 * The temporary credentials this tool hands out. A type only, shared by `sts`, `output` and
 * (later) `cache` without any of them importing another.
 *
 * @module
 */

/** Temporary AWS credentials, as returned by STS. */
export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** When the credentials stop working. */
  expiration: Date;
}
