/**
 * Source kind: a role the AWS SDK assumes itself (`role_arn` with `source_profile` or
 * `credential_source`), resolved through the SDK's `fromIni`.
 *
 * @module
 */

import { ok } from "../../doctor/finding.ts";
import { filesCredentials } from "./files_credentials.ts";
import type { CredentialSource } from "./source.ts";

/** A role the SDK assumes. */
export const sdkRoleSource: CredentialSource = {
  kind: "role",
  temporary: false,
  claims: (settings) => Boolean(settings?.has("role_arn") && !settings.has("credential_process")),
  credentials: filesCredentials,
  describe: () =>
    Promise.resolve({
      findings: [ok("a role the AWS SDK assumes")],
      text: "a role the AWS SDK assumes (role_arn)",
    }),
};
