import {
  consoleSessionSeconds,
  destinationUrl,
  loginUrl,
  partitionHosts,
  signinTokenUrl,
} from "../../src/console/signin_url.ts";
import { assertEquals } from "../support/assert.ts";

Deno.test("each partition has its own sign-in and console hosts", () => {
  const cases: [string, string, string][] = [
    [
      "arn:aws:iam::1:role/R",
      "https://signin.aws.amazon.com/federation",
      "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1",
    ],
    [
      "arn:aws-us-gov:iam::1:role/R",
      "https://signin.amazonaws-us-gov.com/federation",
      "https://console.amazonaws-us-gov.com/s3/home?region=eu-west-1",
    ],
    [
      "arn:aws-cn:iam::1:role/R",
      "https://signin.amazonaws.cn/federation",
      "https://console.amazonaws.cn/s3/home?region=eu-west-1",
    ],
  ];
  for (const [arn, federation, destination] of cases) {
    const hosts = partitionHosts(arn);
    assertEquals(hosts.federation, federation);
    assertEquals(destinationUrl(hosts, { service: "s3", region: "eu-west-1" }), destination);
  }
  assertEquals(
    destinationUrl(partitionHosts("arn:aws:iam::1:role/R"), {}),
    "https://console.aws.amazon.com/console/home",
  );
});

Deno.test("the token request carries the Session JSON; the login URL carries issuer, destination and token", () => {
  const url = new URL(signinTokenUrl("https://signin.aws.amazon.com/federation", {
    accessKeyId: "ASIA1",
    secretAccessKey: "k&=?",
    sessionToken: "t+/",
    expiration: new Date(0),
  }));
  assertEquals(url.searchParams.get("Action"), "getSigninToken");
  assertEquals(JSON.parse(url.searchParams.get("Session")!), {
    sessionId: "ASIA1",
    sessionKey: "k&=?",
    sessionToken: "t+/",
  });
  const login = new URL(
    loginUrl(
      "https://signin.aws.amazon.com/federation",
      "TOKEN",
      "https://console.aws.amazon.com/console/home",
    ),
  );
  assertEquals(Object.fromEntries(login.searchParams), {
    Action: "login",
    Issuer: "vegas-credentials",
    Destination: "https://console.aws.amazon.com/console/home",
    SigninToken: "TOKEN",
  });
});

Deno.test("the console session never outlives the credentials, and stays within 15 min to 12 h", () => {
  const now = 1_000_000_000_000;
  const lasting = (seconds: number) => ({
    accessKeyId: "ASIA1",
    secretAccessKey: "k",
    sessionToken: "t",
    expiration: new Date(now + seconds * 1000),
  });
  assertEquals(consoleSessionSeconds(lasting(3599.7), now), 3599);
  assertEquals(consoleSessionSeconds(lasting(7200), now, 3600), 3600);
  assertEquals(consoleSessionSeconds(lasting(3000), now, 7200), 3000);
  assertEquals(consoleSessionSeconds(lasting(50_000), now), 43200);
  assertEquals(consoleSessionSeconds(lasting(600), now), 900);
  const url = new URL(signinTokenUrl("https://signin.aws.amazon.com/federation", lasting(1), 1800));
  assertEquals(url.searchParams.get("SessionDuration"), "1800");
});
