/**
 * The AWS CLI's SSO token cache as we read and write it: its file names, fields and formats,
 * and the directories we refuse.
 */

import { createHash } from "node:crypto";
import { assertEquals, assertMatch, assertOk } from "../support/assert.ts";
import { linuxTest } from "../support/platform.ts";
import { systemDeps } from "../../src/system_deps.ts";
import {
  readToken,
  refreshable,
  tokenFileName,
  tokenTimestamp,
  writeToken,
} from "../../src/sso/token_cache.ts";

Deno.test("the token file is named by the SHA-1 of the session name, as the AWS CLI names it", async () => {
  for (const key of ["corp", "https://corp.awsapps.com/start", "ünïcode session"]) {
    assertEquals(
      await tokenFileName(key),
      createHash("sha1").update(key, "utf8").digest("hex") + ".json",
    );
  }
});

Deno.test("timestamps are UTC to the second, ending in Z", () => {
  assertEquals(tokenTimestamp(Date.UTC(2026, 11, 7, 8, 9, 10, 999)), "2026-12-07T08:09:10Z");
});

Deno.test("a token refreshes only with a refresh token and a live client registration", () => {
  const now = Date.UTC(2026, 0, 1);
  const token = {
    startUrl: "u",
    region: "r",
    accessToken: "a",
    expiresAt: "2026-01-01T00:00:00Z",
    refreshToken: "rt",
    clientId: "c",
    clientSecret: "s",
    registrationExpiresAt: "2026-02-01T00:00:00Z",
  };
  assertOk(refreshable(token, now));
  assertOk(!refreshable({ ...token, refreshToken: undefined }, now));
  assertOk(!refreshable({ ...token, registrationExpiresAt: "2025-12-31T00:00:00Z" }, now));
});

linuxTest(
  "tokens round-trip in the AWS CLI's field order, 0600; a directory others can write is refused",
  async () => {
    const home = await Deno.makeTempDir();
    try {
      const real = systemDeps();
      const deps = { ...real, env: (name: string) => name === "HOME" ? home : undefined };
      const token = {
        startUrl: "https://corp.awsapps.com/start",
        region: "eu-west-1",
        accessToken: "aoa-token",
        expiresAt: "2026-12-07T16:00:00Z",
        clientId: "client",
        clientSecret: "secret",
        registrationExpiresAt: "2027-03-07T00:00:00Z",
        refreshToken: "aor-token",
      };
      await writeToken(deps, "corp", token);
      const path = `${home}/.aws/sso/cache/${await tokenFileName("corp")}`;
      assertEquals(JSON.parse(await Deno.readTextFile(path)), token);
      assertEquals(Object.keys(JSON.parse(await Deno.readTextFile(path))), Object.keys(token));
      assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);
      assertEquals(await readToken(deps, "corp"), token);
      await Deno.chmod(`${home}/.aws/sso/cache`, 0o757);
      const refused = await readToken(deps, "corp").then(() => "", (error) => error.message);
      assertMatch(refused, /is not used: others may write to it \(mode 757\)/);
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  },
);
