import { loadSharedConfig } from "../../src/config/shared_config.ts";
import { resolveTargetProfile } from "../../src/config/target_profile.ts";
import { ConfigError } from "../../src/errors.ts";
import { assertEquals, assertRejects } from "../support/assert.ts";
import { fakeDeps } from "../support/fake_deps.ts";

async function resolve(
  config: string,
  credentials = "",
  env: Record<string, string> = {},
  profile = "t",
) {
  const deps = fakeDeps({
    env: { HOME: "/home/u", ...env },
    files: { "/home/u/.aws/config": config, "/home/u/.aws/credentials": credentials },
  });
  return resolveTargetProfile(await loadSharedConfig(deps), profile, deps, "frank");
}

const BASE = `[profile t]
vegas_role_arn = arn:aws:iam::222222222222:role/R
vegas_source_profile = s
[profile s]
mfa_serial = arn:aws:iam::111111111111:mfa/src
`;

Deno.test("a minimal target profile gets the documented defaults", async () => {
  const target = await resolve(BASE);
  assertEquals(target.durationSeconds, 3600);
  assertEquals(target.region, "us-east-1");
  assertEquals(target.roleSessionName, "frank");
  assertEquals(target.externalId, undefined);
  assertEquals(target.mfaSerial, "arn:aws:iam::111111111111:mfa/src");
  assertEquals(target.origins.region, "default");
});

Deno.test("region comes from the target, then the source, then AWS_REGION, then AWS_DEFAULT_REGION", async () => {
  const env = { AWS_REGION: "eu-north-1", AWS_DEFAULT_REGION: "eu-south-1" };
  assertEquals(
    (await resolve(
      BASE.replace("[profile s]", "region = ap-east-1\n[profile s]\nregion = sa-east-1"),
      "",
      env,
    )).region,
    "ap-east-1",
  );
  assertEquals((await resolve(BASE + "region = sa-east-1\n", "", env)).region, "sa-east-1");
  assertEquals((await resolve(BASE, "", env)).region, "eu-north-1");
  assertEquals(
    (await resolve(BASE, "", { AWS_DEFAULT_REGION: "eu-south-1" })).region,
    "eu-south-1",
  );
});

Deno.test("mfa_serial and mfa_process on the target win over the source's", async () => {
  const target = await resolve(
    BASE.replace(
      "[profile s]",
      "mfa_serial = arn:aws:iam::111111111111:mfa/own\nmfa_process = own-cmd\n[profile s]\nmfa_process = src-cmd",
    ),
  );
  assertEquals(target.mfaSerial, "arn:aws:iam::111111111111:mfa/own");
  assertEquals(target.mfaProcess, "own-cmd");
});

Deno.test("every optional key is read and validated", async () => {
  const target = await resolve(
    BASE.replace(
      "[profile s]",
      "duration_seconds = 4383\nrole_session_name = SinatraAtTheSands\nexternal_id = 0093624694724\n[profile s]",
    ),
  );
  assertEquals([target.durationSeconds, target.roleSessionName, target.externalId], [
    4383,
    "SinatraAtTheSands",
    "0093624694724",
  ]);
  await assertRejects(
    () => resolve(BASE.replace("[profile s]", "external_id = x\n[profile s]")),
    ConfigError,
    /^~\/\.aws\/config line 4: profile "t": external_id "x" must be 2 to 1224 characters/,
  );
});

Deno.test("the source profile may live only in the credentials file", async () => {
  const target = await resolve(
    BASE.replace(/\[profile s\][\s\S]*/, ""),
    "[s]\naws_access_key_id = AKIA\n",
  );
  assertEquals(target.sourceProfile, "s");
});

Deno.test("a profile hidden by a broken header is pointed at", async () => {
  await assertRejects(
    () => resolve("[profile t\nvegas_role_arn = x\n", "", {}, "t"),
    ConfigError,
    /Profile "t" not found .* \(~\/\.aws\/config line 1, "\[profile t", is not a valid section header\)/,
  );
});

Deno.test("a profile that names itself as source is refused", async () => {
  await assertRejects(
    () => resolve(BASE.replace("vegas_source_profile = s", "vegas_source_profile = t")),
    ConfigError,
    /vegas_source_profile names the profile itself/,
  );
});

Deno.test("a bad AWS_REGION is reported as the environment's", async () => {
  await assertRejects(
    () => resolve(BASE, "", { AWS_REGION: "mars" }),
    ConfigError,
    /AWS_REGION\/AWS_DEFAULT_REGION "mars" is not an AWS region/,
  );
});
