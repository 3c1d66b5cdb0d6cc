/**
 * The credential server picking the role per request, as containers use it: `/role-arn/…` (a
 * role assumed with the server profile's credentials), `/profile/…` (only what --allow-profile
 * names), `--lazy`, parallel requests, a refused role; and the AWS CLI and boto3 in a child
 * pointed at a route through AWS_CONTAINER_CREDENTIALS_FULL_URI.
 */

import { assertEquals, assertMatch, assertOk } from "../support/assert.ts";
import { runProgram, spawnCli } from "../support/installed_cli.ts";
import { linuxTest } from "../support/platform.ts";
import { awsCli, pythonWithBoto3 } from "../support/tools.ts";
import { createWorld, FRANK, SINGER_ROLE, standardConfig, type World } from "../support/world.ts";

const ACTOR_ROLE = "arn:aws:iam::333333333333:role/ActorRole";
const STAGE_ROLE = "arn:aws:iam::444444444444:role/team/StageRole";
const UNTRUSTING_ROLE = "arn:aws:iam::555555555555:role/NotForYou";

/** A world whose SingerRole sessions may assume ActorRole and StageRole (not NotForYou). */
async function routesWorld(): Promise<World> {
  const singerSessions = "arn:aws:sts::222222222222:assumed-role/SingerRole/";
  const world = await createWorld({
    roles: [
      { arn: SINGER_ROLE, trusted: [FRANK.arn], requireMfa: true },
      { arn: ACTOR_ROLE, trusted: [singerSessions], requireMfa: false },
      { arn: STAGE_ROLE, trusted: [singerSessions], requireMfa: false },
      { arn: UNTRUSTING_ROLE, trusted: [], requireMfa: false },
    ],
  });
  await world.writeConfig(standardConfig(
    world,
    `
[profile encore]
vegas_role_arn = ${ACTOR_ROLE}
vegas_source_profile = frank@concerts
`,
  ));
  return world;
}

/** Starts `server` with `flags`; its URL and token, and a stop that returns its stderr. */
async function startServer(world: World, flags: string[] = []) {
  const server = await spawnCli(["server", "--profile=frank@concerts", ...flags], world.env());
  const reader = server.stdout.getReader();
  let text = "";
  const deadline = Date.now() + 30_000;
  while (!/Stop with Ctrl-C/.test(text) && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  const url = /^ {2}AWS_CONTAINER_CREDENTIALS_FULL_URI=(\S+)$/m.exec(text)![1];
  const token = /^ {2}AWS_CONTAINER_AUTHORIZATION_TOKEN=(\S+)$/m.exec(text)![1];
  const get = async (path: string) => {
    const answer = await fetch(new URL(path, url), { headers: { Authorization: token } });
    return {
      status: answer.status,
      type: answer.headers.get("content-type"),
      body: await answer.json(),
    };
  };
  return {
    url,
    token,
    get,
    async stop(): Promise<string> {
      server.kill("SIGTERM");
      assertEquals((await server.status).code, 0);
      await server.stdout.cancel();
      return new TextDecoder().decode(await new Response(server.stderr).arrayBuffer());
    },
  };
}

/** The AssumeRole requests the loopback STS answered for `roleArn`, successful or not. */
function assumes(world: World, roleArn: string) {
  return world.sts.requests.filter((r) =>
    r.action === "AssumeRole" && r.params.RoleArn === roleArn
  );
}

linuxTest(
  "/role-arn/… serves that role assumed with the server profile's credentials",
  async () => {
    const world = await routesWorld();
    try {
      const server = await startServer(world);
      const root = await server.get("/");
      assertEquals([root.status, root.type], [200, "application/json"]);
      assertEquals(root.body.RoleArn, SINGER_ROLE);
      const actor = await server.get(`/role-arn/${ACTOR_ROLE}`);
      assertEquals(actor.status, 200);
      assertEquals(Object.keys(actor.body).sort(), [
        "AccessKeyId",
        "Expiration",
        "RoleArn",
        "SecretAccessKey",
        "Token",
      ]);
      assertEquals(actor.body.RoleArn, ACTOR_ROLE);
      // Signed with the server profile's role credentials, with its session name; chained: 1 h.
      const request = assumes(world, ACTOR_ROLE)[0];
      assertEquals(request.accessKeyId, root.body.AccessKeyId);
      assertEquals(request.params.DurationSeconds, "3600");
      assertEquals(
        request.params.RoleSessionName,
        assumes(world, SINGER_ROLE)[0].params.RoleSessionName,
      );
      assertEquals(request.params.SerialNumber, undefined);
      // A role path, percent-encoded or not; cached: the second request calls no STS.
      const stage = await server.get(`/role-arn/${encodeURIComponent(STAGE_ROLE)}`);
      assertEquals([stage.status, stage.body.RoleArn], [200, STAGE_ROLE]);
      assertEquals(
        (await server.get(`/role-arn/${ACTOR_ROLE}`)).body.AccessKeyId,
        actor.body.AccessKeyId,
      );
      assertEquals(assumes(world, ACTOR_ROLE).length, 1);
      // Not an ARN: one JSON error.
      const bad = await server.get("/role-arn/not-an-arn");
      assertEquals(bad.status, 400);
      assertMatch(bad.body.message, /^"not-an-arn" is not an IAM role ARN/);
      const stderr = await server.stop();
      assertOk(!stderr.includes(actor.body.SecretAccessKey) && !stderr.includes(server.token));
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "a role STS refuses answers 502 with one JSON error and is asked again next time",
  async () => {
    const world = await routesWorld();
    try {
      const server = await startServer(world);
      for (let attempt = 1; attempt <= 2; attempt++) {
        const refused = await server.get(`/role-arn/${UNTRUSTING_ROLE}`);
        assertEquals([refused.status, refused.body.code], [502, "CredentialsUnavailable"]);
        assertMatch(
          refused.body.message,
          /^AWS denied AssumeRole of arn:aws:iam::555555555555:role\/NotForYou/,
        );
        assertOk(!refused.body.message.includes("\n"));
        assertEquals(assumes(world, UNTRUSTING_ROLE).length, attempt, "not cached");
      }
      await server.stop();
    } finally {
      await world.close();
    }
  },
);

linuxTest("/profile/… serves only the profiles --allow-profile names", async () => {
  const world = await routesWorld();
  try {
    const closed = await startServer(world);
    const refused = await closed.get("/profile/encore");
    assertEquals([refused.status, refused.body.code], [403, "ProfileNotAllowed"]);
    assertEquals(
      refused.body.message,
      `This server serves profile "encore" only when started with --allow-profile encore (or --allow-profile '*')`,
    );
    assertEquals(assumes(world, ACTOR_ROLE).length, 0);
    assertEquals((await closed.get("/nothing")).status, 404);
    await closed.stop();

    const open = await startServer(world, ["--allow-profile", "encore"]);
    const encore = await open.get("/profile/encore");
    assertEquals([encore.status, encore.body.RoleArn], [200, ACTOR_ROLE]);
    assertEquals((await open.get("/profile/default")).status, 403);
    await open.stop();

    const any = await startServer(world, ["--allow-profile=*"]);
    assertEquals((await any.get("/profile/encore")).status, 200);
    const missing = await any.get("/profile/nowhere");
    assertEquals([missing.status, missing.body.code], [404, "ProfileUnusable"]);
    await any.stop();
  } finally {
    await world.close();
  }
});

linuxTest(
  "--lazy fetches nothing before the first request; parallel requests make one call",
  async () => {
    const world = await routesWorld();
    try {
      const server = await startServer(world, ["--lazy"]);
      assertEquals(world.sts.requests.length, 0, "nothing fetched at start");
      world.sts.delays.AssumeRole = 300;
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => server.get(`/role-arn/${ACTOR_ROLE}`)),
      );
      for (const answer of answers) assertEquals(answer.status, 200);
      assertEquals(new Set(answers.map((a) => a.body.AccessKeyId)).size, 1);
      assertEquals(assumes(world, SINGER_ROLE).length, 1);
      assertEquals(assumes(world, ACTOR_ROLE).length, 1);
      assertEquals(world.sts.successes("GetSessionToken"), 1);
      await server.stop();
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "the AWS CLI and boto3 in a container-like child use /role-arn/… by the ECS variables",
  async () => {
    const world = await routesWorld();
    try {
      const server = await startServer(world);
      const env = world.env({
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}role-arn/${ACTOR_ROLE}`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: server.token,
        // No files and no keys: the container endpoint is all they have.
        AWS_CONFIG_FILE: `${world.home}/none`,
        AWS_SHARED_CREDENTIALS_FILE: `${world.home}/none`,
        AWS_REGION: "eu-west-1",
        AWS_DEFAULT_REGION: "eu-west-1",
      });
      const cli = await runProgram(
        await awsCli(),
        ["sts", "get-caller-identity", "--endpoint-url", world.sts.endpoint, "--output", "json"],
        env,
      );
      assertEquals(cli.code, 0, cli.stderr);
      assertMatch(
        JSON.parse(cli.stdout).Arn,
        /^arn:aws:sts::333333333333:assumed-role\/ActorRole\//,
      );
      const script = `
import boto3, json, sys
identity = boto3.Session().client("sts", endpoint_url=sys.argv[1]).get_caller_identity()
print(json.dumps({"Arn": identity["Arn"]}))
`;
      const boto = await runProgram(
        await pythonWithBoto3(),
        ["-c", script, world.sts.endpoint],
        env,
      );
      assertEquals(boto.code, 0, boto.stderr);
      assertMatch(
        JSON.parse(boto.stdout).Arn,
        /^arn:aws:sts::333333333333:assumed-role\/ActorRole\//,
      );
      assertEquals(
        assumes(world, ACTOR_ROLE).length,
        1,
        "the second client was served from the cache",
      );
      await server.stop();
    } finally {
      await world.close();
    }
  },
);
