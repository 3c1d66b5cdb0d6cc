/**
 * `rotate` as a user runs it, against IAM in the loopback STS (AWS_ENDPOINT_URL_IAM): the stored
 * key is replaced by a new one that STS accepts only after a while, the old key is deleted, and
 * assume signs with the new one; an IAM policy that demands MFA is met with an MFA session; an
 * injected failure at each IAM step leaves one working key stored. The MFA session is the one the
 * source's roles share: a cached one needs no code, and one rotate opens serves them.
 */

import { assertEquals, assertMatch, assertOk } from "../support/assert.ts";
import { runCli, spawnCli } from "../support/installed_cli.ts";
import { linuxTest } from "../support/platform.ts";
import { createWorld, FRANK, type World } from "../support/world.ts";

async function rotateWorld(): Promise<{ world: World; env: Record<string, string> }> {
  const world = await createWorld();
  await world.writeCredentials("");
  const env = world.env({
    VEGAS_CREDENTIALS_KEYRING: "file",
    VEGAS_CREDENTIALS_FILE_PASSPHRASE: "a passphrase",
    AWS_ENDPOINT_URL_IAM: `${world.sts.endpoint}/iam`,
  });
  const added = await runCli(["add", "--profile=default", "--env"], {
    ...env,
    AWS_ACCESS_KEY_ID: FRANK.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FRANK.secretAccessKey,
  });
  assertEquals(added.code, 0, added.stderr);
  return { world, env };
}

linuxTest("rotate stores a new key once STS accepts it, and deletes the old one", async () => {
  const { world, env } = await rotateWorld();
  try {
    world.sts.iamPropagationMs = 3_000;
    const result = await runCli(["rotate", "--profile=default"], env);
    assertEquals(result.code, 0, result.stderr);
    const fresh = world.sts.createdKeys[0];
    assertEquals(
      result.stdout,
      `Rotated the key of profile default: AKIA…NK01 → AKIA…${
        fresh.slice(-4)
      }, stored in the file keyring ~/.local/share/vegas-credentials/keyring; the old key is deleted\n`,
    );
    assertEquals(world.sts.accessKeysOf(FRANK.arn), [fresh]);
    assertOk(
      world.sts.requests.filter((r) => r.action === "GetCallerIdentity" && r.error).length >= 1,
      "the new key was tried before it worked",
    );
    const assumed = await runCli(["assume", "--profile=frank@concerts"], env);
    assertEquals(assumed.code, 0, assumed.stderr);
    assertOk(
      world.sts.requests.some((r) => r.action === "GetSessionToken" && r.accessKeyId === fresh),
    );
  } finally {
    await world.close();
  }
});

linuxTest("rotate opens an MFA session when IAM demands MFA", async () => {
  const { world, env } = await rotateWorld();
  try {
    world.sts.iamRequiresMfa = true;
    const result = await runCli(["rotate", "--profile=default"], env);
    assertEquals(result.code, 0, result.stderr);
    assertEquals(world.sts.successes("GetSessionToken"), 1);
    assertEquals(world.sts.accessKeysOf(FRANK.arn), [world.sts.createdKeys[0]]);
    // STS credentials outlive the key that obtained them (AWS cannot revoke them), so the
    // session rotate opened with the old key still serves the profile's roles: no new code.
    const assumed = await runCli(["assume", "--profile=frank@concerts"], env);
    assertEquals(assumed.code, 0, assumed.stderr);
    assertEquals(world.sts.successes("GetSessionToken"), 1);
    assertEquals(world.sts.successes("AssumeRole"), 1);
  } finally {
    await world.close();
  }
});

linuxTest("rotate uses the MFA session the roles share, when one is cached: no code", async () => {
  const { world, env } = await rotateWorld();
  try {
    const assumed = await runCli(["assume", "--profile=frank@concerts"], env);
    assertEquals(assumed.code, 0, assumed.stderr);
    assertEquals(world.sts.successes("GetSessionToken"), 1);
    world.sts.iamRequiresMfa = true;
    const result = await runCli(["rotate", "--profile=default", "--verbose"], env);
    assertEquals(result.code, 0, result.stderr);
    assertEquals(world.sts.successes("GetSessionToken"), 1);
    assertEquals(world.sts.accessKeysOf(FRANK.arn), [world.sts.createdKeys[0]]);
    assertOk(!/MFA code/i.test(result.stderr), result.stderr);
  } finally {
    await world.close();
  }
});

linuxTest("a failure at each IAM step leaves a working key stored, and says which", async () => {
  const { world, env } = await rotateWorld();
  try {
    for (const action of ["ListAccessKeys", "CreateAccessKey"]) {
      world.sts.inject({ action, code: "ServiceFailure", message: "IAM is down", status: 400 });
      const result = await runCli(["rotate", "--profile=default"], env);
      assertEquals(result.code, 1, action);
      assertMatch(
        result.stderr,
        /nothing changed: the old key AKIA…NK01 stays stored and active\n$/,
      );
      assertEquals(world.sts.accessKeysOf(FRANK.arn), [FRANK.accessKeyId]);
    }
    world.sts.inject({ action: "DeleteAccessKey", code: "ServiceFailure", message: "IAM is down" });
    const half = await runCli(["rotate", "--profile=default"], env);
    const fresh = world.sts.createdKeys[0];
    assertEquals(half.code, 1);
    assertEquals(
      half.stderr,
      `vegas-credentials: The new key AKIA…${
        fresh.slice(-4)
      } is stored in the file keyring ~/.local/share/vegas-credentials/keyring and works, but deleting the old key failed (ServiceFailureException: IAM is down): it is still active; delete it with aws iam delete-access-key --access-key-id ${FRANK.accessKeyId}\n`,
    );
    assertEquals(world.sts.accessKeysOf(FRANK.arn), [FRANK.accessKeyId, fresh].sort());
    // The stored key is the new one, and it works.
    const assumed = await runCli(["assume", "--profile=frank@concerts"], env);
    assertEquals(assumed.code, 0, assumed.stderr);
    // With two keys, the next rotation says which to delete first.
    const full = await runCli(["rotate", "--profile=default"], env);
    assertMatch(
      full.stderr,
      /already has two access keys, the most AWS allows; delete the one not in use \(AKIA…NK01\) first/,
    );
    const none = await runCli(["rotate", "--profile=nobody"], env);
    assertEquals(
      none.stderr,
      "vegas-credentials: No key of profile nobody in the file keyring ~/.local/share/vegas-credentials/keyring to rotate; store one first with vegas-credentials add or migrate --profile nobody\n",
    );
  } finally {
    await world.close();
  }
});

linuxTest(
  "rotate stopped while the new key propagates names it and the command to delete it",
  async () => {
    const { world, env } = await rotateWorld();
    try {
      world.sts.iamPropagationMs = 60_000;
      const child = await spawnCli(["rotate", "--profile=default"], env);
      const deadline = Date.now() + 20_000;
      while (world.sts.createdKeys.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      child.kill("SIGINT");
      const output = await child.output();
      const fresh = world.sts.createdKeys[0];
      assertEquals(output.code, 130);
      assertEquals(
        new TextDecoder().decode(output.stderr),
        `vegas-credentials: Stopped while waiting for the new key AKIA…${
          fresh.slice(-4)
        } of profile default to work: it exists in IAM but is not stored; delete it with aws iam ` +
          `delete-access-key --access-key-id ${fresh}; the old key AKIA…NK01 stays stored and active\n` +
          "vegas-credentials: Stopped by SIGINT\n",
      );
    } finally {
      await world.close();
    }
  },
);
