/**
 * Source kind: long-term (or session) keys in the shared files, `aws_access_key_id` and
 * `aws_secret_access_key`.
 *
 * @module
 */

import { ok } from "../../doctor/finding.ts";
import { filesCredentials } from "./files_credentials.ts";
import type { CredentialSource } from "./source.ts";

/** Keys in the shared files. */
export const keysSource: CredentialSource = {
  kind: "keys",
  temporary: false,
  claims: (settings) =>
    Boolean(settings?.has("aws_access_key_id") || settings?.has("aws_secret_access_key")),
  credentials: filesCredentials,
  describe({ settings, config }) {
    const file = settings?.get("aws_access_key_id")?.file ?? config.credentialsFile;
    return Promise.resolve({ findings: [ok(`keys in ${file}`)], text: `access keys in ${file}` });
  },
};
