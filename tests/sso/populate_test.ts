/** What `sso populate` adds: names, what it skips, and the file's text kept. */

import { assertEquals } from "../support/assert.ts";
import type { SharedConfig } from "../../src/config/shared_config.ts";
import { appended, profilesToAdd, safeProfileName, sectionsText } from "../../src/sso/populate.ts";
import type { SsoSession } from "../../src/sso/sso_profile.ts";

const SESSION: SsoSession = {
  sessionName: "corp",
  startUrl: "https://corp.awsapps.com/start",
  region: "eu-west-1",
  scopes: ["sso:account:access"],
  tokenKey: "corp",
  label: "--sso-session corp",
};

function config(profiles: Record<string, Record<string, string>>): SharedConfig {
  return {
    configFile: "~/.aws/config",
    credentialsFile: "~/.aws/credentials",
    ignoredHeaders: [],
    texts: { config: "", credentials: "" },
    profiles: new Map(
      Object.entries(profiles).map(([name, entries]) => [
        name,
        new Map(
          Object.entries(entries).map((
            [key, value],
          ) => [key, { value, profile: name, file: "~/.aws/config", line: 1 }]),
        ),
      ]),
    ),
  };
}

Deno.test("names are safe for ini files and shells", () => {
  assertEquals(safeProfileName("Corp Main (EU)"), "Corp-Main-EU");
  assertEquals(safeProfileName("a]b;c#d"), "a-b-c-d");
  assertEquals(safeProfileName("$(rm -rf ~)"), "rm-rf");
  assertEquals(safeProfileName("   "), "account");
  assertEquals(safeProfileName("Zürich Prod"), "Zurich-Prod");
});

Deno.test("accounts and roles a profile already has are skipped; a taken name gets a suffix", () => {
  const added = profilesToAdd(
    config({
      "corp-admin": { sso_session: "corp", sso_account_id: "111111111111", sso_role_name: "Admin" },
      "Main/ReadOnly": { region: "eu-west-1" },
    }),
    SESSION,
    [{ account: { accountId: "111111111111", accountName: "Main" }, roles: ["ReadOnly", "Admin"] }],
  );
  assertEquals(added, [{
    name: "Main/ReadOnly-2",
    accountId: "111111111111",
    roleName: "ReadOnly",
  }]);
  assertEquals(
    sectionsText(SESSION, added),
    "\n[profile Main/ReadOnly-2]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n",
  );
});

Deno.test("the new sections are appended after every byte of the file", () => {
  assertEquals(
    appended("[default]\nregion = x", "\n[profile a]\n"),
    "[default]\nregion = x\n\n[profile a]\n",
  );
  assertEquals(
    appended("[default]\r\nregion = x", "\n[p]\nk = v\n"),
    "[default]\r\nregion = x\r\n\r\n[p]\r\nk = v\r\n",
  );
  assertEquals(appended("[default]\r\n", "\n[p]\n"), "[default]\r\n\r\n[p]\r\n");
  assertEquals(appended("", "\n[p]\n"), "\n[p]\n");
});
