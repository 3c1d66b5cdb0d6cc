/**
 * Validators for the values of profile keys. Each returns `undefined` for a good value, or the
 * reason it is bad, phrased to follow `<key> "<value>" ` in a message. The rules are AWS's:
 * DurationSeconds 900..43200, RoleSessionName 2..64 of `[\w+=,.@-]`, ExternalId 2..1224 of
 * `[\w+=,.@:/-]`, ARNs in the partitions `aws`, `aws-cn` and `aws-us-gov`, role paths, virtual
 * (`arn:…:mfa/NAME`) or hardware MFA serials.
 *
 * @module
 */

const PARTITION = "(aws|aws-cn|aws-us-gov)";
const ROLE_ARN = new RegExp(
  `^arn:${PARTITION}:iam::(\\d{12}):role/((?:[\\x21-\\x7e]+/)?)([\\w+=,.@-]{1,64})$`,
);
const MFA_ARN = new RegExp(
  `^arn:${PARTITION}:iam::(\\d{12}):mfa/((?:[\\x21-\\x7e]+/)?)[\\w+=,.@-]{1,256}$`,
);
const HARDWARE_SERIAL = /^[\w+=/:,.@-]{9,256}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const REGION = /^[a-z]{2,3}(-[a-z]+)+-\d{1,2}$/;

/** The smallest and largest `duration_seconds` STS accepts. */
export const DURATION_LIMITS = { min: 900, max: 43200 } as const;

/** A role ARN in any partition, with an optional path: `arn:aws:iam::123456789012:role/a/b`. */
export function checkRoleArn(value: string): string | undefined {
  if (ROLE_ARN.test(value)) return undefined;
  return "is not an IAM role ARN; expected arn:aws:iam::<12-digit account id>:role/<name> " +
    "(partition aws, aws-cn or aws-us-gov; a path such as role/team/<name> is allowed)";
}

/** A virtual MFA device ARN (`arn:aws:iam::123456789012:mfa/name`) or a hardware serial. */
export function checkMfaSerial(value: string): string | undefined {
  if (value.startsWith("arn:") ? MFA_ARN.test(value) : HARDWARE_SERIAL.test(value)) {
    return undefined;
  }
  return "is not an MFA device; expected arn:aws:iam::<12-digit account id>:mfa/<name> " +
    "or a hardware token serial number such as GAHT12345678";
}

/** Whole seconds within the limits of AssumeRole. */
export function checkDuration(value: string): string | undefined {
  const seconds = /^\d+$/.test(value) ? Number(value) : NaN;
  if (seconds >= DURATION_LIMITS.min && seconds <= DURATION_LIMITS.max) return undefined;
  return `is not a whole number of seconds from ${DURATION_LIMITS.min} (15 min) to ` +
    `${DURATION_LIMITS.max} (12 h)`;
}

/** 2 to 64 characters of letters, digits and `+=,.@_-`. */
export function checkSessionName(value: string): string | undefined {
  if (SESSION_NAME.test(value)) return undefined;
  return "must be 2 to 64 characters of letters, digits and +=,.@_-";
}

/** 2 to 1224 characters of letters, digits and `+=,.@:/_-`. */
export function checkExternalId(value: string): string | undefined {
  if (EXTERNAL_ID.test(value)) return undefined;
  return "must be 2 to 1224 characters of letters, digits and +=,.@:/_-";
}

/** A YubiKey serial number, as `ykman list --serials` prints it. */
export function checkYubikeySerial(value: string): string | undefined {
  if (/^\d{1,12}$/.test(value)) return undefined;
  return "is not a YubiKey serial number (digits, as printed by: ykman list --serials)";
}

/** Whole seconds from 5 to 3600. */
export function checkMfaTimeout(value: string): string | undefined {
  const seconds = /^\d+$/.test(value) ? Number(value) : NaN;
  if (seconds >= 5 && seconds <= 3600) return undefined;
  return "is not a whole number of seconds from 5 to 3600";
}

/** An AWS region name such as `eu-west-1` or `us-gov-west-1`. */
export function checkRegion(value: string): string | undefined {
  if (REGION.test(value)) return undefined;
  return "is not an AWS region name such as us-east-1 or eu-west-1";
}

/**
 * A role session name derived from the OS user name: characters STS refuses become `_`, and a
 * name too short gets a `vegas-` prefix.
 */
export function sessionNameFromUser(user: string | undefined): string {
  const cleaned = (user ?? "").replace(/[^\w+=,.@-]/g, "_").slice(0, 64);
  return cleaned.length >= 2 ? cleaned : `vegas-credentials${cleaned ? "-" + cleaned : ""}`;
}
