import { assertEquals, assertThrows } from "../support/assert.ts";
import { answeredCredentials } from "../../src/sts/sts_client.ts";
import { VegasError } from "../../src/errors.ts";

const ANSWER = {
  AccessKeyId: "ASIAEXAMPLE",
  SecretAccessKey: "secret",
  SessionToken: "token",
  Expiration: new Date("2026-12-07T13:00:00Z"),
};

Deno.test("an STS answer's credentials are taken whole, or the call is an error that says which", () => {
  assertEquals(answeredCredentials(ANSWER, "AssumeRole"), {
    accessKeyId: "ASIAEXAMPLE",
    secretAccessKey: "secret",
    sessionToken: "token",
    expiration: new Date("2026-12-07T13:00:00Z"),
  });
  for (const missing of ["AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"]) {
    assertThrows(
      () =>
        answeredCredentials({ ...ANSWER, [missing]: undefined }, 'GetSessionToken for profile "p"'),
      VegasError,
      /^AWS STS answered GetSessionToken for profile "p" without credentials$/,
    );
  }
  assertThrows(
    () => answeredCredentials(undefined, "AssumeRole"),
    VegasError,
    /without credentials/,
  );
});
