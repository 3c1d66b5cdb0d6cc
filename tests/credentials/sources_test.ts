/**
 * The source registry: which kind claims a profile, in the order the SDKs would use its
 * settings, and that every kind describes itself.
 */

import { assertEquals } from "../support/assert.ts";
import type { ProfileSettings } from "../../src/config/shared_config.ts";
import { sourceKind, SOURCES } from "../../src/credentials/sources/registry.ts";

function settings(entries: Record<string, string>): ProfileSettings {
  return new Map(
    Object.entries(entries).map(([key, value]) => [key, {
      value,
      profile: "p",
      file: "~/.aws/config",
      line: 1,
    }]),
  );
}

Deno.test("each kind of source claims the profiles whose settings are its own", () => {
  const cases: [Record<string, string>, string][] = [
    [{ aws_access_key_id: "AKIA", aws_secret_access_key: "s" }, "keys"],
    // Keys win over everything, as in the SDKs.
    [{ aws_access_key_id: "AKIA", sso_session: "corp" }, "keys"],
    [{ sso_session: "corp", sso_account_id: "1", sso_role_name: "r" }, "sso"],
    [{ sso_start_url: "https://x/start", sso_region: "eu-west-1" }, "sso"],
    [{ credential_process: "op read aws" }, "process"],
    [{ role_arn: "arn:aws:iam::1:role/r", web_identity_token_file: "/t" }, "web-identity"],
    [{ role_arn: "arn:aws:iam::1:role/r", web_identity_token_process: "gh-token" }, "web-identity"],
    [{ role_arn: "arn:aws:iam::1:role/r", source_profile: "default" }, "role"],
    [{ region: "eu-west-1" }, "keyring"],
    // Our own credential_process for this same profile: its key is in the keyring.
    [{ credential_process: "vegas-credentials assume --profile=p", role_arn: "x" }, "keyring"],
  ];
  for (const [entries, kind] of cases) {
    assertEquals(sourceKind(settings(entries), "p"), kind, JSON.stringify(entries));
  }
  assertEquals(sourceKind(undefined, "missing"), "keyring");
});

Deno.test("the registry lists every kind once, the catch-all last", () => {
  const kinds = SOURCES.map((source) => source.kind);
  assertEquals(new Set(kinds).size, kinds.length);
  assertEquals(kinds.at(-1), "keyring");
  assertEquals(
    SOURCES.filter((source) => source.temporary).map((source) => source.kind).sort(),
    ["sso", "web-identity"],
  );
});
