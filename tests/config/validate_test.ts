import {
  checkDuration,
  checkExternalId,
  checkMfaSerial,
  checkRegion,
  checkRoleArn,
  checkSessionName,
  sessionNameFromUser,
} from "../../src/config/validate.ts";
import { assertEquals, assertOk } from "../support/assert.ts";

const CASES: [string, (value: string) => string | undefined, string[], string[]][] = [
  [
    "role ARN",
    checkRoleArn,
    [
      "arn:aws:iam::222222222222:role/SingerRole",
      "arn:aws-cn:iam::222222222222:role/x",
      "arn:aws-us-gov:iam::222222222222:role/team/sub/admin",
      "arn:aws:iam::222222222222:role/service-role/a+b=c,d.e@f-g_h",
    ],
    [
      "",
      "arn:aws:iam::2222:role/x",
      "arn:aws:iam::222222222222:user/x",
      "arn:aws-eu:iam::222222222222:role/x",
      "arn:aws:sts::222222222222:role/x",
      "arn:aws:iam::222222222222:role/",
      "arn:aws:iam::222222222222:role/has space",
      "arn:aws:iam::222222222222:role/" + "x".repeat(65),
    ],
  ],
  [
    "MFA serial",
    checkMfaSerial,
    [
      "arn:aws:iam::111111111111:mfa/FrankSinatra",
      "arn:aws-us-gov:iam::111111111111:mfa/path/to/device",
      "GAHT12345678",
      "arn:aws-cn:iam::111111111111:mfa/a.b@c",
    ],
    [
      "",
      "short",
      "arn:aws:iam::111111111111:user/frank",
      "arn:aws:iam::1:mfa/x",
      "has spaces in it",
    ],
  ],
  ["duration", checkDuration, ["900", "3600", "43200"], [
    "899",
    "43201",
    "1h",
    "3600.5",
    "-900",
    "",
  ]],
  ["session name", checkSessionName, ["ab", "frank@concerts", "a+b=c,d.e-f_g", "x".repeat(64)], [
    "a",
    "has space",
    "x".repeat(65),
    "a/b",
  ]],
  ["external id", checkExternalId, ["0093624694724", "a:b/c", "x".repeat(1224)], [
    "a",
    "x".repeat(1225),
    "has space",
  ]],
  ["region", checkRegion, [
    "us-east-1",
    "eu-west-3",
    "us-gov-west-1",
    "cn-north-1",
    "ap-southeast-4",
    "us-isob-east-1",
  ], ["", "useast1", "US-EAST-1", "eu-west"]],
];

for (const [name, check, good, bad] of CASES) {
  Deno.test(`${name} validation accepts real values and rejects bad ones`, () => {
    for (const value of good) assertEquals(check(value), undefined, `should accept ${value}`);
    for (const value of bad) assertOk(check(value), `should reject ${value}`);
  });
}

Deno.test("the default session name comes from the OS user and obeys STS rules", () => {
  assertEquals(sessionNameFromUser("frank"), "frank");
  assertEquals(sessionNameFromUser("DOMAIN\\frank sinatra"), "DOMAIN_frank_sinatra");
  assertEquals(sessionNameFromUser("x"), "vegas-credentials-x");
  assertEquals(sessionNameFromUser(undefined), "vegas-credentials");
  assertEquals(sessionNameFromUser("y".repeat(100)).length, 64);
  for (const user of ["frank", "a b", "x", undefined, "ü"]) {
    assertEquals(checkSessionName(sessionNameFromUser(user)), undefined);
  }
});
