import { hitMemoKey, memoizedVariable } from "../../src/cache/hit_memo.ts";
import { cacheDir } from "../../src/config/paths.ts";
import { loadSharedConfig } from "../../src/config/shared_config.ts";
import { resolveTargetProfile } from "../../src/config/target_profile.ts";
import { roleCacheKey } from "../../src/credentials/cache_keys.ts";
import { assertEquals, assertNotEquals, assertOk } from "../support/assert.ts";
import { fakeDeps } from "../support/fake_deps.ts";

const CONFIG = `[default]
region = eu-west-1
mfa_serial = arn:aws:iam::111111111111:mfa/frank
[profile stage]
vegas_role_arn = arn:aws:iam::222222222222:role/Stage
vegas_source_profile = default
session_tags = team=music
transitive_session_tags = team
source_identity = frank
external_id = concert-42
[profile encore]
vegas_role_arn = arn:aws:iam::333333333333:role/Encore
vegas_source_profile = stage
role_session_name = encore
`;
const CREDENTIALS = "[default]\naws_access_key_id = AKIAONE\naws_secret_access_key = secret1\n";

/** Every variable that resolving `profile` (files, target, key, cache place) asks for. */
async function variablesRead(profile: string, env: Record<string, string>): Promise<string[]> {
  const deps = fakeDeps({
    env: { HOME: "/h", ...env },
    files: { "/h/.aws/config": CONFIG, "/h/.aws/credentials": CREDENTIALS },
  });
  const read = new Set<string>();
  const recording = {
    ...deps,
    env: (name: string) => {
      read.add(name);
      return deps.env(name);
    },
    envAll: () => {
      throw new Error("resolution must not read the whole environment");
    },
  };
  cacheDir(recording);
  const shared = await loadSharedConfig(recording);
  const target = resolveTargetProfile(shared, profile, recording, { userName: "frank" });
  await roleCacheKey(shared, target, recording);
  return [...read];
}

Deno.test("resolving a profile reads only variables that the hit memo's key holds", async () => {
  const envs: Record<string, string>[] = [
    {},
    {
      AWS_REGION: "us-east-1",
      AWS_ROLE_SESSION_NAME: "xx",
      AWS_ENDPOINT_URL: "http://127.0.0.1:1",
      AWS_CONFIG_FILE: "/h/.aws/config",
      XDG_CACHE_HOME: "/h/c",
    },
  ];
  const seen = new Set<string>();
  for (const env of envs) {
    for (const profile of ["stage", "encore"]) {
      for (const name of await variablesRead(profile, env)) seen.add(name);
    }
  }
  assertOk(seen.size > 5, `the recording saw ${[...seen].join(", ")}`);
  for (const name of seen) assertOk(memoizedVariable(name), `${name} is outside the memo's key`);
});

Deno.test("the memo key changes with every input, and not with other variables", async () => {
  const inputs = {
    profile: "stage",
    userName: "frank",
    configText: CONFIG,
    credentialsText: CREDENTIALS,
  };
  const key = (env: Record<string, string>, changes: Partial<typeof inputs> = {}) =>
    hitMemoKey({ envAll: () => env }, { ...inputs, ...changes });
  const base = await key({ HOME: "/h", PWD: "/a" });
  assertEquals(await key({ PWD: "/elsewhere", HOME: "/h", TERM: "xterm" }), base);
  for (
    const other of [
      await key({ HOME: "/h", AWS_REGION: "us-east-1" }),
      await key({ HOME: "/h", VEGAS_CREDENTIALS_STS_TIMEOUT: "5" }),
      await key({ HOME: "/other" }),
      await key({ HOME: "/h" }, { profile: "encore" }),
      await key({ HOME: "/h" }, { userName: undefined }),
      await key({ HOME: "/h" }, { configText: CONFIG + "\n" }),
      await key({ HOME: "/h" }, { credentialsText: CREDENTIALS.replace("secret1", "secret2") }),
    ]
  ) assertNotEquals(other, base);
});
