/**
 * The credentials layer with fake STS and MFA: every branch of the cache policy, the MFA
 * session and chaining, without a network. The cache is real (files in a temporary directory).
 */

import { CredentialCache } from "../../src/cache/credential_cache.ts";
import { loadSharedConfig } from "../../src/config/shared_config.ts";
import { resolveTargetProfile, type TargetProfile } from "../../src/config/target_profile.ts";
import { buildProvider } from "../../src/credentials/build_provider.ts";
import { mfaSessionCacheKey, roleCacheKey } from "../../src/credentials/cache_keys.ts";
import type { CredentialServices, MfaCode, StsCalls } from "../../src/credentials/services.ts";
import type { SigningCredentials, TemporaryCredentials } from "../../src/credential_types.ts";
import { CredentialsRejectedError } from "../../src/errors.ts";
import { createLogger } from "../../src/log.ts";
import { systemDeps } from "../../src/system_deps.ts";
import { assertEquals, assertOk, assertRejects } from "../support/assert.ts";

const MIN = 60_000;
const CONFIG = `[default]
mfa_serial = arn:aws:iam::111111111111:mfa/frank
[profile singer]
vegas_role_arn = arn:aws:iam::222222222222:role/Singer
vegas_source_profile = default
[profile actor]
vegas_role_arn = arn:aws:iam::333333333333:role/Actor
vegas_source_profile = default
[profile plain]
vegas_role_arn = arn:aws:iam::222222222222:role/Plain
vegas_source_profile = nomfa
[profile nomfa]
region = us-east-1
[profile stage]
vegas_role_arn = arn:aws:iam::444444444444:role/Stage
vegas_source_profile = singer
`;
const CREDENTIALS = `[default]
aws_access_key_id = AKIAFRANK0000000001
aws_secret_access_key = s
[nomfa]
aws_access_key_id = AKIANOMFA0000000001
aws_secret_access_key = s
`;

/** A fake world: STS answers with numbered credentials, MFA codes are counted. */
async function setup(options: { lockTimeoutMs?: number; writable?: boolean } = {}) {
  const home = await Deno.makeTempDir({ prefix: "vegas-layer-" });
  await Deno.mkdir(`${home}/.aws`);
  await Deno.writeTextFile(`${home}/.aws/config`, CONFIG);
  await Deno.writeTextFile(`${home}/.aws/credentials`, CREDENTIALS);
  let now = Date.now();
  const env: Record<string, string> = { HOME: home, XDG_CACHE_HOME: `${home}/cache` };
  const real = systemDeps();
  const deps = { ...real, env: (name: string) => env[name], now: () => now };
  const calls = { assumeRole: [] as string[], getSessionToken: 0, mfa: 0 };
  let serial = 0;
  let lifetimeMs = 60 * MIN;
  let rejectSession: (credentials: SigningCredentials) => boolean = () => false;
  const issue = (prefix: string): TemporaryCredentials => ({
    accessKeyId: `ASIA${prefix}${++serial}`,
    secretAccessKey: `secret-${serial}`,
    sessionToken: `token-${serial}`,
    expiration: new Date(now + lifetimeMs),
  });
  const sts: StsCalls = {
    sourceCredentials: () =>
      Promise.resolve({ accessKeyId: "AKIAFRANK0000000001", secretAccessKey: "s" }),
    assumeRole: (target, request, credentials, mfa) => {
      calls.assumeRole.push(`${target.name}${mfa ? "+mfa" : ""}`);
      assertEquals(request.RoleArn, target.roleArn);
      if (rejectSession(credentials)) {
        // As src/sts/sts_errors.ts maps InvalidClientTokenId.
        return Promise.reject(
          new CredentialsRejectedError("AWS does not recognise the access key (token invalid)"),
        );
      }
      return Promise.resolve(issue("ROLE"));
    },
    getSessionToken: () => {
      calls.getSessionToken++;
      return Promise.resolve(issue("SESSION"));
    },
  };
  const withMfaCode = <T>(_target: TargetProfile, use: (mfa: MfaCode) => Promise<T>) => {
    calls.mfa++;
    return use({ serialNumber: "arn:aws:iam::111111111111:mfa/frank", tokenCode: "123456" });
  };
  const log = createLogger(deps, { verbose: false, debug: false, hideArns: false, color: false });
  const problems: unknown[] = [];
  const config = await loadSharedConfig(deps);
  const cache = new CredentialCache(`${home}/cache/vegas-credentials`, deps);
  // A file where the cache directory's parent belongs: nothing can be written (even by root).
  if (options.writable === false) await Deno.writeTextFile(`${home}/cache`, "");
  const services = (overrides: Partial<CredentialServices> = {}): CredentialServices => ({
    config,
    cache,
    deps,
    log,
    sts,
    withMfaCode,
    disableMandatoryRefresh: false,
    lockTimeoutMs: options.lockTimeoutMs ?? 5_000,
    onCacheProblem: (error) => problems.push(error),
    ...overrides,
  });
  const target = (name: string) => resolveTargetProfile(config, name, deps, { userName: "frank" });
  const provider = (name: string, overrides: Partial<CredentialServices> = {}) =>
    buildProvider(services(overrides), target(name));
  return {
    home,
    calls,
    problems,
    cache,
    config,
    deps,
    target,
    provider,
    advance: (ms: number) => now += ms,
    setLifetime: (ms: number) => lifetimeMs = ms,
    rejectSessionWhen: (rule: (credentials: SigningCredentials) => boolean) => rejectSession = rule,
    close: () => Deno.remove(home, { recursive: true }),
  };
}

Deno.test("a miss fetches with one MFA code, a second call is a hit", async () => {
  const w = await setup();
  try {
    const singer = await w.provider("singer");
    const first = await singer();
    const second = await singer();
    assertEquals(second, first);
    assertEquals(w.calls, { assumeRole: ["singer"], getSessionToken: 1, mfa: 1 });
  } finally {
    await w.close();
  }
});

Deno.test("two roles of one source share the MFA session: one code for both", async () => {
  const w = await setup();
  try {
    await (await w.provider("singer"))();
    await (await w.provider("actor"))();
    assertEquals(w.calls, { assumeRole: ["singer", "actor"], getSessionToken: 1, mfa: 1 });
  } finally {
    await w.close();
  }
});

Deno.test("in the advisory window a silent refresh replaces the credentials: through a usable MFA session, or with no MFA", async () => {
  const w = await setup();
  try {
    const singer = await w.provider("singer");
    const first = await singer();
    // 13 min left of the role; the MFA session (also 60 min) is still usable: silent refresh.
    w.advance(47 * MIN);
    const refreshed = await singer();
    assertOk(refreshed.accessKeyId !== first.accessKeyId);
    assertEquals(w.calls.mfa, 1);
    assertEquals(w.calls.getSessionToken, 1);
    // A role without MFA is refreshed silently too.
    const plain = await w.provider("plain");
    const before = await plain();
    w.advance(47 * MIN);
    const after = await plain();
    assertOk(after.accessKeyId !== before.accessKeyId);
    assertEquals(w.calls.assumeRole.filter((n) => n === "plain"), ["plain", "plain"]);
    assertEquals(w.calls.mfa, 1);
  } finally {
    await w.close();
  }
});

Deno.test("credentials that would need a new code are served in the advisory window", async () => {
  const w = await setup();
  try {
    const singer = await w.provider("singer");
    await singer();
    await w.cache.remove(await mfaSessionCacheKey(w.config, w.target("singer")));
    w.advance(47 * MIN);
    await singer();
    assertEquals(w.calls.assumeRole, ["singer"]);
    w.advance(4 * MIN); // 9 min left: mandatory refresh, with a new code
    await singer();
    assertEquals(w.calls, { assumeRole: ["singer", "singer"], getSessionToken: 2, mfa: 2 });
  } finally {
    await w.close();
  }
});

Deno.test("a chain refreshes the hop whose time ran out, and only that one", async () => {
  const w = await setup();
  try {
    const stage = await w.provider("stage");
    await stage();
    assertEquals(w.calls.assumeRole, ["singer", "stage"]);
    // The top hop's entry is gone: it is fetched again on the lower hop's cached credentials.
    await w.cache.remove(await roleCacheKey(w.config, w.target("stage"), w.deps));
    await stage();
    assertEquals(w.calls.assumeRole, ["singer", "stage", "stage"]);
    // The lower hop's entry is gone: the top hop's cached credentials still serve, untouched.
    await w.cache.remove(await roleCacheKey(w.config, w.target("singer"), w.deps));
    await stage();
    assertEquals(w.calls.assumeRole, ["singer", "stage", "stage"]);
    // Both gone: both fetched, the lower one through the MFA session, with no new code.
    await w.cache.remove(await roleCacheKey(w.config, w.target("stage"), w.deps));
    await stage();
    assertEquals(w.calls.assumeRole, ["singer", "stage", "stage", "singer", "stage"]);
    assertEquals(w.calls.mfa, 1, "the MFA session still serves the lower hop");
  } finally {
    await w.close();
  }
});

Deno.test("a revoked MFA session is replaced once, then the error stands", async () => {
  const w = await setup();
  try {
    await (await w.provider("singer"))();
    await w.cache.remove(await roleCacheKey(w.config, w.target("singer"), w.deps));
    let rejections = 0;
    w.rejectSessionWhen((credentials) =>
      credentials.accessKeyId.includes("SESSION") && ++rejections === 1
    );
    await (await w.provider("singer"))();
    assertEquals(w.calls.getSessionToken, 2);
    await w.cache.remove(await roleCacheKey(w.config, w.target("singer"), w.deps));
    w.rejectSessionWhen(() => true);
    await assertRejects(async () => (await w.provider("singer"))(), Error, /token/);
    assertEquals(w.calls.getSessionToken, 3, "retried once, not forever");
  } finally {
    await w.close();
  }
});

Deno.test("a caller waiting on a held lock times out with a clear message", async () => {
  const w = await setup({ lockTimeoutMs: 300 });
  try {
    const key = await roleCacheKey(w.config, w.target("plain"), w.deps);
    const release = await w.cache.lock(key, 1000);
    try {
      await assertRejects(
        async () => (await w.provider("plain"))(),
        Error,
        /Another vegas-credentials process has been getting credentials for profile "plain"/,
      );
    } finally {
      release();
    }
    await (await w.provider("plain"))();
    assertEquals(w.calls.assumeRole, ["plain"]);
  } finally {
    await w.close();
  }
});

Deno.test("a parallel caller that filled the entry under the lock is used, not fetched again", async () => {
  const w = await setup();
  try {
    const [a, b] = await Promise.all([
      (await w.provider("plain"))(),
      (await w.provider("plain"))(),
    ]);
    assertEquals(a, b);
    assertEquals(w.calls.assumeRole, ["plain"]);
  } finally {
    await w.close();
  }
});

Deno.test("a cache that cannot be written still returns the credentials and reports why", async () => {
  const w = await setup({ writable: false });
  try {
    const credentials = await (await w.provider("plain"))();
    assertOk(credentials.accessKeyId.startsWith("ASIA"));
    assertOk(w.problems.length > 0);
  } finally {
    await w.close();
  }
});

Deno.test("credentials from STS that are already inside the mandatory window are refused", async () => {
  const w = await setup();
  try {
    w.setLifetime(5 * MIN);
    await assertRejects(
      async () => (await w.provider("plain"))(),
      Error,
      /expire in under 10 minutes/,
    );
    w.setLifetime(-MIN);
    await assertRejects(async () => (await w.provider("plain"))(), Error, /have already expired/);
  } finally {
    await w.close();
  }
});
