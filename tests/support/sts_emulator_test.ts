/**
 * The loopback STS must be as strict as AWS where our tests rely on it.
 */

import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
} from "@aws-sdk/client-sts";
import { assertEquals, assertMatch, assertRejects } from "./assert.ts";
import { createWorld, FRANK, SINGER_ROLE, type World } from "./world.ts";
import { linuxTest } from "./platform.ts";

function client(
  world: World,
  secret: string = FRANK.secretAccessKey,
  extra: { sessionToken?: string; accessKeyId?: string } = {},
) {
  return new STSClient({
    region: "eu-west-1",
    endpoint: world.sts.endpoint,
    maxAttempts: 1,
    credentials: {
      accessKeyId: extra.accessKeyId ?? FRANK.accessKeyId,
      secretAccessKey: secret,
      sessionToken: extra.sessionToken,
    },
  });
}

async function withWorld(fn: (world: World) => Promise<void>) {
  const world = await createWorld();
  try {
    await fn(world);
  } finally {
    await world.close();
  }
}

linuxTest(
  "the loopback STS refuses a request signed with the wrong secret",
  () =>
    withWorld(async (world) => {
      const error = await assertRejects(
        () => client(world, "wrong").send(new GetCallerIdentityCommand({})),
        Error,
      );
      assertEquals(error.name, "SignatureDoesNotMatch");
      assertEquals((await client(world).send(new GetCallerIdentityCommand({}))).Arn, FRANK.arn);
    }),
);

linuxTest(
  "the loopback STS accepts a TOTP code once and refuses it the second time",
  () =>
    withWorld(async (world) => {
      const code = world.code();
      const request = {
        RoleArn: SINGER_ROLE,
        RoleSessionName: "s1",
        SerialNumber: FRANK.mfaSerial,
        TokenCode: code,
      };
      const first = await client(world).send(new AssumeRoleCommand(request));
      assertMatch(first.AssumedRoleUser!.Arn!, /assumed-role\/SingerRole\/s1$/);
      const error = await assertRejects(
        () => client(world).send(new AssumeRoleCommand(request)),
        Error,
        /invalid MFA one time pass code/,
      );
      assertEquals(error.name, "AccessDenied");
    }),
);

linuxTest(
  "the loopback STS demands MFA for a role that requires it",
  () =>
    withWorld(async (world) => {
      await assertRejects(
        () =>
          client(world).send(
            new AssumeRoleCommand({ RoleArn: SINGER_ROLE, RoleSessionName: "s1" }),
          ),
        Error,
        /is not authorized to perform: sts:AssumeRole/,
      );
    }),
);

linuxTest(
  "the loopback STS caps chained role sessions at one hour",
  () =>
    withWorld(async (world) => {
      const session = await client(world).send(
        new GetSessionTokenCommand({
          SerialNumber: FRANK.mfaSerial,
          TokenCode: world.code(),
          DurationSeconds: 3600,
        }),
      );
      const c = session.Credentials!;
      const chained = client(world, c.SecretAccessKey!, {
        accessKeyId: c.AccessKeyId!,
        sessionToken: c.SessionToken!,
      });
      await assertRejects(
        () =>
          chained.send(
            new AssumeRoleCommand({
              RoleArn: SINGER_ROLE,
              RoleSessionName: "chained",
              DurationSeconds: 7200,
            }),
          ),
        Error,
        /1 hour session limit for roles assumed by role chaining/,
      );
      // The MFA context of the session credentials satisfies the role without a new code.
      const role = await chained.send(
        new AssumeRoleCommand({ RoleArn: SINGER_ROLE, RoleSessionName: "chained" }),
      );
      assertMatch(role.AssumedRoleUser!.Arn!, /SingerRole\/chained$/);
    }),
);

linuxTest(
  "the loopback STS answers injected errors, then recovers",
  () =>
    withWorld(async (world) => {
      world.sts.inject({
        action: "GetCallerIdentity",
        code: "Throttling",
        message: "Rate exceeded",
        times: 1,
      });
      const error = await assertRejects(
        () => client(world).send(new GetCallerIdentityCommand({})),
        Error,
        /Rate exceeded/,
      );
      assertEquals(error.name, "Throttling");
      await client(world).send(new GetCallerIdentityCommand({}));
      assertEquals(world.sts.requests.map((r) => r.error ?? "ok"), ["Throttling", "ok"]);
    }),
);
