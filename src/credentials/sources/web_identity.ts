/**
 * Source kind: web identity. A profile with `role_arn` and `web_identity_token_file` (the AWS
 * standard; the file is read again on every fetch), or aws-vault's `web_identity_token_process`
 * (a command whose stdout is the token, run like our other sources: bounded, its group killed,
 * its stderr masked, its stdout trimmed). The role is assumed with STS
 * AssumeRoleWithWebIdentity, unsigned, and its credentials are cached like a role's.
 *
 * @module
 */

import { expandHome } from "../../config/paths.ts";
import { checkRoleArn } from "../../config/validate.ts";
import { fail, ok } from "../../doctor/finding.ts";
import { ConfigError, VegasError } from "../../errors.ts";
import { stsEndpoint } from "../../sts/endpoint.ts";
import { shown } from "../../text/terminal_text.ts";
import type { CredentialSource, SourceFetch } from "./source.ts";

/** The largest token we read (JWTs are a few KB). */
const MAX_TOKEN_BYTES = 64 * 1024;

/** The token, from the file or the process, trimmed; never logged. */
async function webIdentityToken(fetch: SourceFetch): Promise<string> {
  const { settings, sourceProfile, deps } = fetch;
  const file = settings.get("web_identity_token_file");
  let bytes: Uint8Array | undefined;
  if (file) {
    const path = expandHome(deps, file.value);
    try {
      // Special files and symlinks' targets that are not regular files are refused unread.
      const text = await deps.readTextFile(path);
      if (text === undefined) {
        throw new VegasError(
          `${file.file} line ${file.line}: profile "${shown(sourceProfile, 80)}": ` +
            `web_identity_token_file ${shown(file.value, 120)} does not exist; check the path ` +
            `(its issuer writes it)`,
        );
      }
      bytes = new TextEncoder().encode(text);
    } catch (error) {
      if (error instanceof VegasError) throw error;
      throw new VegasError(
        `${file.file} line ${file.line}: profile "${shown(sourceProfile, 80)}": cannot read ` +
          `web_identity_token_file ${shown(file.value, 120)}: ${(error as Error).message}`,
      );
    }
  } else {
    const process = settings.get("web_identity_token_process")!;
    const { runSourceCommand } = await import("../source_process.ts");
    bytes = await runSourceCommand(
      "web_identity_token_process",
      process.value,
      `source profile "${shown(sourceProfile, 80)}" (${process.file} line ${process.line})`,
      deps,
      fetch.signal,
    );
  }
  const token = new TextDecoder().decode(bytes.slice(0, MAX_TOKEN_BYTES)).trim();
  if (!token || bytes.length > MAX_TOKEN_BYTES) {
    throw new VegasError(
      `The web identity token of source profile "${shown(sourceProfile, 80)}" is ${
        token ? `longer than ${MAX_TOKEN_BYTES} bytes` : "empty"
      }; check ${file ? "web_identity_token_file" : "web_identity_token_process"}`,
    );
  }
  fetch.log.addSecret(token);
  return token;
}

/** A role assumed with a web identity token. */
export const webIdentitySource: CredentialSource = {
  kind: "web-identity",
  temporary: true,
  claims: (settings) =>
    Boolean(
      (settings?.has("web_identity_token_file") || settings?.has("web_identity_token_process")) &&
        !settings.has("credential_process"),
    ),
  async credentials(fetch) {
    const { settings, sourceProfile } = fetch;
    const roleArn = settings.get("role_arn");
    if (!roleArn) {
      const key = settings.get("web_identity_token_file") ??
        settings.get("web_identity_token_process")!;
      throw new ConfigError(
        `${key.file} line ${key.line}: profile "${shown(sourceProfile, 80)}" has a web ` +
          `identity token but no role_arn; add the role to assume with it`,
      );
    }
    const checked = checkRoleArn(roleArn.value);
    if (checked) {
      throw new ConfigError(
        `${roleArn.file} line ${roleArn.line}: profile "${shown(sourceProfile, 80)}": ` +
          `role_arn ${checked}`,
      );
    }
    const token = await webIdentityToken(fetch);
    const region = settings.get("region")?.value ?? fetch.region;
    const duration = Number(settings.get("duration_seconds")?.value ?? "") || undefined;
    const { assumeRoleWithWebIdentity } = await import("../../sts/web_identity.ts");
    const credentials = await assumeRoleWithWebIdentity({
      sourceProfile,
      region,
      endpoint: stsEndpoint(region, fetch.deps),
      roleArn: roleArn.value,
      roleSessionName: settings.get("role_session_name")?.value ??
        `vegas-credentials-${fetch.deps.now()}`,
      durationSeconds: duration,
      token,
      timeouts: fetch.timeouts,
    });
    fetch.log.addSecret(credentials.secretAccessKey);
    fetch.log.addSecret(credentials.sessionToken);
    fetch.log.info(`Assumed ${roleArn.value} with the web identity of profile ${sourceProfile}`);
    return credentials;
  },
  describe({ settings }) {
    const file = settings?.get("web_identity_token_file");
    const text = `a web identity token (${
      file ? `file ${shown(file.value, 100)}` : "web_identity_token_process"
    }) for ${shown(settings?.get("role_arn")?.value ?? "no role_arn", 100)}`;
    const findings = settings?.has("role_arn")
      ? [ok(text)]
      : [fail(`${text}: no role_arn`, "add role_arn, the role to assume with the token")];
    return Promise.resolve({ findings, text });
  },
};
