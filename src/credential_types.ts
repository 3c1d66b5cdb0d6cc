/**
 * The one shape of AWS credentials in this program, shared by `sts`, `credentials`, `cache`,
 * `output`, `server` and `console` without any of them importing another. Types only.
 *
 * @module
 */

/**
 * Credentials that sign an AWS request: an IAM user's long-term key (no session token, no
 * expiry), or temporary ones.
 */
export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** When temporary credentials stop working. */
  expiration?: Date;
}

/** Temporary credentials, as STS hands them out and this tool passes them on. */
export interface TemporaryCredentials extends SigningCredentials {
  sessionToken: string;
  expiration: Date;
}
