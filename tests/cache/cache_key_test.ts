import { cacheKey } from "../../src/cache/cache_key.ts";
import { roleCacheKey } from "../../src/credentials/cache_keys.ts";
import { loadSharedConfig } from "../../src/config/shared_config.ts";
import { resolveTargetProfile } from "../../src/config/target_profile.ts";
import { assertEquals, assertMatch, assertNotEquals } from "../support/assert.ts";
import { fakeDeps } from "../support/fake_deps.ts";

Deno.test("cache keys ignore key order and undefined values", async () => {
  assertEquals(
    await cacheKey({ a: 1, b: { c: "x", d: undefined } }),
    await cacheKey({ b: { c: "x" }, a: 1 }),
  );
  assertNotEquals(await cacheKey({ a: 1 }), await cacheKey({ a: 2 }));
  assertMatch(await cacheKey({}), /^[0-9a-f]{64}$/);
});

const CONFIG = `[profile t]
vegas_role_arn = arn:aws:iam::222222222222:role/R
vegas_source_profile = s
region = eu-west-1
[profile s]
mfa_serial = arn:aws:iam::111111111111:mfa/m
[profile unrelated]
region = us-east-1
`;
const CREDENTIALS = "[s]\naws_access_key_id = AKIAONE\naws_secret_access_key = secret1\n";

async function keyFor(config: string, credentials = CREDENTIALS, env: Record<string, string> = {}) {
  const deps = fakeDeps({
    env: { HOME: "/h", ...env },
    files: { "/h/.aws/config": config, "/h/.aws/credentials": credentials },
  });
  const shared = await loadSharedConfig(deps);
  const target = resolveTargetProfile(shared, "t", deps, { userName: "frank" });
  return roleCacheKey(shared, target, deps);
}

Deno.test("editing what determines the credentials misses the cache; an unrelated profile does not", async () => {
  const base = await keyFor(CONFIG);
  assertEquals(await keyFor(CONFIG.replace("region = us-east-1", "region = eu-north-1")), base);
  assertEquals(await keyFor(CONFIG, CREDENTIALS.replace("secret1", "secret2")), base);
  const changes = [
    CONFIG.replace("role/R", "role/Other"),
    CONFIG.replace("region = eu-west-1", "region = eu-west-1\nduration_seconds = 7200"),
    CONFIG.replace("region = eu-west-1", "region = eu-west-1\nrole_session_name = other"),
    CONFIG.replace("region = eu-west-1", "region = eu-west-1\nexternal_id = abc123"),
    CONFIG.replace("region = eu-west-1", "region = eu-west-2"),
    CONFIG.replace("mfa/m", "mfa/n"),
  ];
  for (const changed of changes) assertNotEquals(await keyFor(changed), base, changed);
  assertNotEquals(await keyFor(CONFIG, CREDENTIALS.replace("AKIAONE", "AKIATWO")), base);
});
