/**
 * The AWS SDK for JavaScript v3 (Node.js) and boto3 run the installed CLI as their
 * credential_process and see the assumed-role identity.
 */

import { linuxTest } from "../support/platform.ts";
import { assertEquals, assertMatch } from "../support/assert.ts";
import { installedCli, runProgram } from "../support/installed_cli.ts";
import { nodeSdkDir } from "../support/node_sdk.ts";
import { pythonWithBoto3 } from "../support/tools.ts";
import { createWorld, FRANK, SINGER_ROLE, standardConfig, type World } from "../support/world.ts";

async function cliWorld(): Promise<World> {
  const world = await createWorld();
  await world.writeConfig(
    standardConfig(world).replace(
      "credential_process = vegas-credentials",
      `credential_process = ${await installedCli()}`,
    ),
  );
  return world;
}

const ASSUMED = /^arn:aws:sts::222222222222:assumed-role\/SingerRole\/[\w+=,.@-]+$/;

for (const mode of ["fromIni", "default chain with AWS_PROFILE"]) {
  linuxTest(`AWS SDK for JavaScript v3 (${mode}) sees the assumed-role identity`, async () => {
    const world = await cliWorld();
    try {
      const dir = await nodeSdkDir();
      const env = world.env(mode === "fromIni" ? {} : { AWS_PROFILE: "frank@concerts" });
      const result = await runProgram("node", [
        `${dir}/whoami.mjs`,
        mode === "fromIni" ? "fromIni" : "default",
        "frank@concerts",
      ], env);
      assertEquals(result.code, 0, result.stderr);
      assertMatch(JSON.parse(result.stdout).Arn, ASSUMED);
      assertEquals(world.sts.successes("AssumeRole"), 1);
      assertEquals(world.sts.successes("GetCallerIdentity"), 1);
    } finally {
      await world.close();
    }
  });
}

linuxTest("boto3 sees the assumed-role identity", async () => {
  const world = await cliWorld();
  try {
    const script = `
import boto3, json, sys
session = boto3.Session(profile_name="frank@concerts")
identity = session.client("sts", endpoint_url=sys.argv[1]).get_caller_identity()
print(json.dumps({"Arn": identity["Arn"]}))
`;
    const result = await runProgram(
      await pythonWithBoto3(),
      ["-c", script, world.sts.endpoint],
      world.env(),
    );
    assertEquals(result.code, 0, result.stderr);
    assertMatch(JSON.parse(result.stdout).Arn, ASSUMED);
    assertEquals(world.sts.successes("AssumeRole"), 1);
  } finally {
    await world.close();
  }
});

linuxTest("the JS SDK chains a plain role_arn profile on top of a vegas profile", async () => {
  // The AWS CLI 2.9 cannot be pointed at the loopback STS for its own AssumeRole; the JS SDK
  // honours AWS_ENDPOINT_URL_STS for it (the AWS CLI 2.9 and boto3 1.29 ignore that variable).
  const actorRole = "arn:aws:iam::333333333333:role/ActorRole";
  const world = await createWorld({
    roles: [
      { arn: SINGER_ROLE, trusted: [FRANK.arn], requireMfa: true },
      {
        arn: actorRole,
        trusted: ["arn:aws:sts::222222222222:assumed-role/SingerRole/"],
        requireMfa: false,
      },
    ],
  });
  try {
    await world.writeConfig(
      standardConfig(world).replace(
        "credential_process = vegas-credentials",
        `credential_process = ${await installedCli()}`,
      ) +
        `\n[profile frank@movies]\nrole_arn = ${actorRole}\nsource_profile = frank@concerts\nregion = eu-west-1\n`,
    );
    const dir = await nodeSdkDir();
    const result = await runProgram(
      "node",
      [`${dir}/whoami.mjs`, "fromIni", "frank@movies"],
      world.env(),
    );
    assertEquals(result.code, 0, result.stderr);
    assertMatch(
      JSON.parse(result.stdout).Arn,
      /^arn:aws:sts::333333333333:assumed-role\/ActorRole\//,
    );
    assertEquals(world.sts.successes("AssumeRole"), 2);
  } finally {
    await world.close();
  }
});
