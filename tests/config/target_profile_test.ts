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
  return resolveTargetProfile(await loadSharedConfig(deps), profile, deps, { userName: "frank" });
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

Deno.test("include_profile mixes in another profile's settings; the profile's own win", async () => {
  const target = await resolve(
    `[profile common]\nregion = eu-west-1\nduration_seconds = 1800\nmfa_serial = arn:aws:iam::111111111111:mfa/common\n` +
      `[profile t]\ninclude_profile = common\nvegas_role_arn = arn:aws:iam::222222222222:role/R\n` +
      `vegas_source_profile = s\nduration_seconds = 900\n[profile s]\naws_access_key_id = AKIAX\n`,
  );
  assertEquals([target.region, target.durationSeconds, target.mfaSerial], [
    "eu-west-1",
    900,
    "arn:aws:iam::111111111111:mfa/common",
  ]);
});

Deno.test("an include_profile loop or a missing included profile is a clear error", async () => {
  await assertRejects(
    () =>
      resolve(
        BASE.replace("[profile t]", "[profile t]\ninclude_profile = x") +
          "[profile x]\ninclude_profile = t\n",
      ),
    ConfigError,
    /include_profile loops: t → x → t/,
  );
  await assertRejects(
    () => resolve(BASE.replace("[profile t]", "[profile t]\ninclude_profile = nowhere")),
    ConfigError,
    /include_profile "nowhere" names no profile/,
  );
});

Deno.test("session tags, transitive keys, source identity and the MFA session settings are read and checked", async () => {
  const target = await resolve(
    BASE.replace(
      "[profile s]",
      "session_tags = team=film, cost=42\ntransitive_session_tags = team\nsource_identity = frank\n[profile s]\n" +
        "vegas_mfa_session = false\nvegas_mfa_session_duration = 90m",
    ),
  );
  assertEquals(target.sessionTags, [{ key: "team", value: "film" }, { key: "cost", value: "42" }]);
  assertEquals([target.transitiveTagKeys, target.sourceIdentity], [["team"], "frank"]);
  assertEquals([target.mfaSession, target.mfaSessionDurationSeconds], [false, 5400]);
  const bad: [string, RegExp][] = [
    ["session_tags = novalue", /session_tags "novalue" is not a list of key=value tags/],
    [
      "session_tags = a=1\ntransitive_session_tags = b",
      /transitive_session_tags names "b", which is not in session_tags/,
    ],
    ["source_identity = aws:me", /source_identity "aws:me" must be 2 to 64 characters/],
    ["vegas_mfa_session = maybe", /vegas_mfa_session "maybe" must be true or false/],
    [
      "vegas_mfa_session_duration = 2d",
      /vegas_mfa_session_duration "2d" is not a duration from 15m to 36h/,
    ],
  ];
  for (const [line, pattern] of bad) {
    await assertRejects(
      () => resolve(BASE.replace("[profile s]", `${line}\n[profile s]`)),
      ConfigError,
      pattern,
    );
  }
});

Deno.test("environment overrides apply to the profile asked for and are checked", async () => {
  const target = await resolve(BASE, "", {
    AWS_ROLE_SESSION_NAME: "env-name",
    AWS_SOURCE_IDENTITY: "env-id",
  });
  assertEquals([target.roleSessionName, target.sourceIdentity], ["env-name", "env-id"]);
  await assertRejects(
    () => resolve(BASE, "", { AWS_SESSION_TAGS: "oops" }),
    ConfigError,
    /^Environment variable AWS_SESSION_TAGS "oops" \(for session_tags\) is not a list of key=value tags/,
  );
});

Deno.test("a vegas source makes a chain: no MFA settings inherited across it, 1 h cap", async () => {
  const config = BASE +
    `[profile c]\nvegas_role_arn = arn:aws:iam::333333333333:role/C\nvegas_source_profile = t\n`;
  const chained = await resolve(config, "", {}, "c");
  assertEquals(chained.chain, ["c", "t", "s"]);
  assertEquals(chained.sourceVegas?.name, "t");
  assertEquals(chained.mfaSerial, undefined);
  await assertRejects(
    () => resolve(config + "duration_seconds = 3601\n", "", {}, "c"),
    ConfigError,
    /role chaining: c → t/,
  );
});

Deno.test("a 3000-deep include_profile or vegas_source_profile chain is one clear error", async () => {
  const includes = Array.from(
    { length: 3000 },
    (_, i) => `[profile i${i}]\ninclude_profile = i${i + 1}\n`,
  ).join("") + "[profile i3000]\nregion = eu-west-1\n";
  await assertRejects(
    () => resolve(BASE.replace("[profile t]", "[profile t]\ninclude_profile = i0") + includes),
    ConfigError,
    /^~\/\.aws\/config line \d+: profile "i30": include_profile nests more than 32 profiles deep \(t → i0 → i1 → i2 → … → i29 → i30 → i31\); include the shared settings from fewer levels$/,
  );
  const chain = Array.from(
    { length: 3000 },
    (_, i) =>
      `[profile c${i}]\nvegas_role_arn = arn:aws:iam::222222222222:role/R\n` +
      `vegas_source_profile = c${i + 1}\n`,
  ).join("") + "[profile c3000]\naws_access_key_id = AKIAX\n";
  await assertRejects(
    () => resolve(chain, "", {}, "c0"),
    ConfigError,
    /^~\/\.aws\/config line \d+: profile "c0": its vegas_source_profile chain holds more than 16 vegas profiles \(c0 → c1 → c2 → c3 → … → c14 → c15 → c16\); point a profile nearer the top at one with credentials$/,
  );
});
