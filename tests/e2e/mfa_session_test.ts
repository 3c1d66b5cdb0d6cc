/**
 * One MFA code per workday: the shared MFA session (GetSessionToken), its limits, our own role
 * chaining, and the AssumeRole options, against the loopback STS.
 */

import { GetSessionTokenCommand, STSClient } from "@aws-sdk/client-sts";
import { run } from "../../src/cli/run.ts";
import { assertEquals, assertMatch, assertOk } from "../support/assert.ts";
import { fakeDeps } from "../support/fake_deps.ts";
import { runCli } from "../support/installed_cli.ts";
import { createWorld, FRANK, SINGER_ROLE, standardConfig, type World } from "../support/world.ts";
import { linuxTest } from "../support/platform.ts";

const ACTOR_ROLE = "arn:aws:iam::222222222222:role/ActorRole";
const DIRECTOR_ROLE = "arn:aws:iam::333333333333:role/DirectorRole";
const PRODUCER_ROLE = "arn:aws:iam::444444444444:role/team/ProducerRole";

/** A world with two roles for frank (both demanding MFA), counting mfa_process runs. */
async function sessionWorld(
  extraDefault = "",
  extraProfiles = "",
): Promise<{ world: World; prompts: () => Promise<number> }> {
  const world = await createWorld({
    roles: [
      { arn: SINGER_ROLE, trusted: [FRANK.arn], requireMfa: true, maxSessionDuration: 43200 },
      { arn: ACTOR_ROLE, trusted: [FRANK.arn], requireMfa: true },
      {
        arn: DIRECTOR_ROLE,
        trusted: ["arn:aws:sts::222222222222:assumed-role/SingerRole/"],
        requireMfa: false,
      },
      {
        arn: PRODUCER_ROLE,
        trusted: ["arn:aws:sts::333333333333:assumed-role/DirectorRole/"],
        requireMfa: false,
      },
    ],
  });
  const runs = `${world.home}/mfa-runs`;
  await world.writeConfig(
    standardConfig(
      world,
      `[profile frank@movies]\nvegas_role_arn = ${ACTOR_ROLE}\nvegas_source_profile = default\n${extraProfiles}`,
    )
      .replace(/^mfa_process = (.*)$/m, `mfa_process = echo run >> ${runs}; $1`)
      .replace("[default]", `[default]\n${extraDefault}`),
  );
  const prompts = async () => {
    try {
      return (await Deno.readTextFile(runs)).trim().split("\n").length;
    } catch {
      return 0;
    }
  };
  return { world, prompts };
}

function calls(world: World, action: string): number {
  return world.sts.requests.filter((r) => r.action === action && !r.error).length;
}

linuxTest(
  "two roles from one source: one MFA code, one GetSessionToken, two AssumeRole",
  async () => {
    const { world, prompts } = await sessionWorld();
    try {
      for (const profile of ["frank@concerts", "frank@movies"]) {
        const result = await runCli(["assume", `--profile=${profile}`], world.env());
        assertEquals(result.code, 0, result.stderr);
      }
      assertEquals(await prompts(), 1);
      assertEquals(calls(world, "GetSessionToken"), 1);
      assertEquals(calls(world, "AssumeRole"), 2);
      const assumes = world.sts.requests.filter((r) => r.action === "AssumeRole");
      assertOk(
        assumes.every((r) => r.params.TokenCode === undefined && r.accessKeyId?.startsWith("ASIA")),
      );
      assertEquals(
        world.sts.requests.find((r) => r.action === "GetSessionToken")!.params.DurationSeconds,
        "28800",
      );
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "role credentials near expiry are refreshed with the session, without an MFA code",
  async () => {
    const { world, prompts } = await sessionWorld();
    try {
      const start = Date.now();
      const assumeAt = async (minutes: number) => {
        const deps = fakeDeps({ env: world.env(), now: start + minutes * 60_000 });
        assertEquals(
          await run(["assume", "--profile=frank@concerts"], deps),
          0,
          deps.captured.stderr,
        );
      };
      await assumeAt(0);
      await assumeAt(47); // 13 min left: in the advisory window, and the session is valid
      assertEquals(await prompts(), 1);
      assertEquals(calls(world, "GetSessionToken"), 1);
      assertEquals(calls(world, "AssumeRole"), 2);
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "duration_seconds = 43200 assumes the role directly with MFA: 12 h credentials",
  async () => {
    const { world } = await sessionWorld();
    try {
      await world.writeConfig(standardConfig(world, "duration_seconds = 43200\n"));
      const result = await runCli(["assume", "--profile=frank@concerts"], world.env());
      assertEquals(result.code, 0, result.stderr);
      assertEquals(calls(world, "GetSessionToken"), 0);
      const assume = world.sts.requests.find((r) => r.action === "AssumeRole")!;
      assertEquals([assume.params.DurationSeconds, assume.params.SerialNumber], [
        "43200",
        FRANK.mfaSerial,
      ]);
      const hours = (Date.parse(JSON.parse(result.stdout).Expiration) - Date.now()) / 3_600_000;
      assertOk(hours > 11.9 && hours <= 12, `${hours} h`);
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "an ended session asks once, then roles are silent again; opting out asks every time",
  async () => {
    const { world, prompts } = await sessionWorld();
    try {
      assertEquals((await runCli(["assume", "--profile=frank@concerts"], world.env())).code, 0);
      // The session and the role credentials end (as after a long weekend).
      assertEquals((await runCli(["cache", "clean"], world.env())).code, 0);
      for (const profile of ["frank@concerts", "frank@movies"]) {
        const result = await runCli(["assume", `--profile=${profile}`], world.env());
        assertEquals(result.code, 0, result.stderr);
      }
      assertEquals(await prompts(), 2);
      assertEquals(calls(world, "GetSessionToken"), 2);
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "vegas_mfa_session = false: every role asks for its own code, no GetSessionToken",
  async () => {
    const { world, prompts } = await sessionWorld("vegas_mfa_session = false");
    try {
      for (const profile of ["frank@concerts", "frank@movies"]) {
        const result = await runCli(["assume", `--profile=${profile}`], world.env());
        assertEquals(result.code, 0, result.stderr);
      }
      assertEquals(await prompts(), 2);
      assertEquals(calls(world, "GetSessionToken"), 0);
      assertOk(
        world.sts.requests.filter((r) => r.action === "AssumeRole").every((r) =>
          r.params.TokenCode
        ),
      );
    } finally {
      await world.close();
    }
  },
);

linuxTest("parallel callers for two roles of one source share one MFA prompt", async () => {
  const { world, prompts } = await sessionWorld();
  try {
    const results = await Promise.all(
      Array.from(
        { length: 8 },
        (_, i) =>
          runCli(["assume", `--profile=${i % 2 ? "frank@movies" : "frank@concerts"}`], world.env()),
      ),
    );
    for (const result of results) assertEquals(result.code, 0, result.stderr);
    assertEquals(await prompts(), 1);
    assertEquals(calls(world, "GetSessionToken"), 1);
    assertEquals(calls(world, "AssumeRole"), 2);
  } finally {
    await world.close();
  }
});

linuxTest(
  "a three-hop chain is assumed hop by hop; tags and source identity reach STS",
  async () => {
    const chain = `[profile director]
vegas_role_arn = ${DIRECTOR_ROLE}
vegas_source_profile = frank@concerts
[profile producer]
vegas_role_arn = ${PRODUCER_ROLE}
vegas_source_profile = director
session_tags = team=film, cost=42
transitive_session_tags = team
source_identity = frank-sinatra
`;
    const { world, prompts } = await sessionWorld("", chain);
    try {
      const result = await runCli(["assume", "--profile=producer"], world.env());
      assertEquals(result.code, 0, result.stderr);
      const assumes = world.sts.requests.filter((r) => r.action === "AssumeRole");
      assertEquals(assumes.map((r) => r.params.RoleArn), [
        SINGER_ROLE,
        DIRECTOR_ROLE,
        PRODUCER_ROLE,
      ]);
      const last = assumes[2].params;
      assertEquals(
        [
          last["Tags.member.1.Key"],
          last["Tags.member.1.Value"],
          last["Tags.member.2.Key"],
          last["Tags.member.2.Value"],
        ],
        ["team", "film", "cost", "42"],
      );
      assertEquals([last["TransitiveTagKeys.member.1"], last.SourceIdentity], [
        "team",
        "frank-sinatra",
      ]);
      assertEquals(await prompts(), 1);
      // Each hop is cached: the middle one serves another run without STS.
      const before = world.sts.requests.length;
      assertEquals((await runCli(["assume", "--profile=director"], world.env())).code, 0);
      assertEquals(world.sts.requests.length, before);
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "environment overrides reach STS: AWS_ROLE_SESSION_NAME, AWS_SESSION_TAGS, AWS_TRANSITIVE_TAGS, AWS_SOURCE_IDENTITY",
  async () => {
    const { world } = await sessionWorld();
    try {
      const result = await runCli(
        ["assume", "--profile=frank@concerts"],
        world.env({
          AWS_ROLE_SESSION_NAME: "from-env",
          AWS_SESSION_TAGS: "a=1,b=2",
          AWS_TRANSITIVE_TAGS: "b",
          AWS_SOURCE_IDENTITY: "env-identity",
        }),
      );
      assertEquals(result.code, 0, result.stderr);
      const params = world.sts.requests.find((r) => r.action === "AssumeRole")!.params;
      assertEquals(
        [
          params.RoleSessionName,
          params["Tags.member.2.Key"],
          params["TransitiveTagKeys.member.1"],
          params.SourceIdentity,
        ],
        ["from-env", "b", "b", "env-identity"],
      );
    } finally {
      await world.close();
    }
  },
);

linuxTest("chain problems are clear errors naming the chain", async () => {
  const { world } = await sessionWorld(
    "",
    `[profile loop-a]\nvegas_role_arn = ${DIRECTOR_ROLE}\nvegas_source_profile = loop-b\n` +
      `[profile loop-b]\nvegas_role_arn = ${DIRECTOR_ROLE}\nvegas_source_profile = loop-a\n` +
      `[profile hop]\nvegas_role_arn = ${DIRECTOR_ROLE}\nvegas_source_profile = gone\n` +
      `[profile top]\nvegas_role_arn = ${DIRECTOR_ROLE}\nvegas_source_profile = hop\n` +
      `[profile long]\nvegas_role_arn = ${DIRECTOR_ROLE}\nvegas_source_profile = frank@concerts\nduration_seconds = 7200\n`,
  );
  try {
    const loop = await runCli(["assume", "--profile=loop-a"], world.env());
    assertEquals(loop.code, 3);
    assertMatch(loop.stderr, /the vegas_source_profile chain loops: loop-a → loop-b → loop-a/);
    const missing = await runCli(["assume", "--profile=top"], world.env());
    assertEquals(missing.code, 3);
    assertMatch(
      missing.stderr,
      /profile "hop": vegas_source_profile "gone" names no profile .* \(chain: top → hop → gone\)/,
    );
    const long = await runCli(["assume", "--profile=long"], world.env());
    assertEquals(long.code, 3);
    assertMatch(
      long.stderr,
      /duration_seconds 7200 is more than AWS allows for a role assumed with another role's credentials \(role chaining: long → frank@concerts\), 3600 s/,
    );
    assertEquals(world.sts.requests.length, 0);
  } finally {
    await world.close();
  }
});

linuxTest(
  "a source with temporary credentials gets no MFA session: AssumeRole with MFA directly",
  async () => {
    const { world, prompts } = await sessionWorld();
    try {
      // The source's own credential_process hands out session credentials, as a vault would.
      const sts = new STSClient({
        region: "eu-west-1",
        endpoint: world.sts.endpoint,
        credentials: { accessKeyId: FRANK.accessKeyId, secretAccessKey: FRANK.secretAccessKey },
      });
      const session = (await sts.send(new GetSessionTokenCommand({ DurationSeconds: 3600 })))
        .Credentials!;
      sts.destroy();
      await Deno.writeTextFile(
        `${world.home}/temporary.json`,
        JSON.stringify({
          Version: 1,
          AccessKeyId: session.AccessKeyId,
          SecretAccessKey: session.SecretAccessKey,
          SessionToken: session.SessionToken,
          Expiration: session.Expiration!.toISOString(),
        }),
      );
      await world.writeCredentials("");
      await world.writeConfig(
        (await Deno.readTextFile(world.configFile)).replace(
          "[default]",
          `[default]\ncredential_process = cat ${world.home}/temporary.json`,
        ),
      );
      const result = await runCli(["assume", "--profile=frank@movies", "--verbose"], world.env());
      assertEquals(result.code, 0, result.stderr);
      assertMatch(
        result.stderr,
        /The source credentials are temporary: no MFA session, MFA on AssumeRole/,
      );
      assertEquals(calls(world, "GetSessionToken"), 1, "only the one made above");
      const assume = world.sts.requests.find((r) => r.action === "AssumeRole")!;
      assertEquals(assume.params.SerialNumber, FRANK.mfaSerial);
      assertEquals(await prompts(), 1);
    } finally {
      await world.close();
    }
  },
);
