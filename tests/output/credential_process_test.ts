import { credentialProcessJson, formatExpiration } from "../../src/output/credential_process.ts";
import { assertEquals } from "../support/assert.ts";

Deno.test("credential_process JSON has Version 1 and a UTC Expiration ending in Z", () => {
  const json = credentialProcessJson({
    accessKeyId: "ASIAX",
    secretAccessKey: "secret",
    sessionToken: "token",
    expiration: new Date("2026-11-21T13:00:00.123+02:00"),
  });
  assertEquals(json.endsWith("\n"), true);
  assertEquals(JSON.parse(json), {
    Version: 1,
    AccessKeyId: "ASIAX",
    SecretAccessKey: "secret",
    SessionToken: "token",
    Expiration: "2026-11-21T11:00:00Z",
  });
});

Deno.test("expiration is RFC 3339 UTC with whole seconds", () => {
  assertEquals(
    formatExpiration(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 999))),
    "2026-01-02T03:04:05Z",
  );
});
