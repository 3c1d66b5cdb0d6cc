/**
 * The flat cache hit (src/cli/cache_hit.ts) against the cache's own reader it is written for
 * speed instead of (CredentialCache.peek): for each state of the files and the cache, both give
 * the same answer.
 */

import { ENTRY_SUFFIX } from "../../src/cache/cache_layout.ts";
import { CredentialCache } from "../../src/cache/credential_cache.ts";
import { LEGACY_BOX_VERSION } from "../../src/cache/legacy_box.ts";
import { hitMemoKey } from "../../src/cache/hit_memo.ts";
import { ADVISORY_REFRESH_MS } from "../../src/cache/refresh_policy.ts";
import { cacheHitOutput, hitRequest } from "../../src/cli/cache_hit.ts";
import { cacheDir, configFilePath, credentialsFilePath } from "../../src/config/paths.ts";
import { credentialsFromEntry } from "../../src/credentials/entry_credentials.ts";
import { credentialProcessJson } from "../../src/output/credential_process.ts";
import { systemDeps } from "../../src/system_deps.ts";
import { assertEquals, assertMatch } from "../support/assert.ts";
import { linuxTest } from "../support/platform.ts";
import { sealLegacy } from "../support/legacy_seal.ts";

/** The memo key of `profile` computed through the seam, as the full program does. */
async function currentHitMemoKey(
  deps: ReturnType<typeof systemDeps>,
  profile: string,
): Promise<string> {
  return hitMemoKey(deps, {
    profile,
    userName: await deps.userName(),
    configText: await deps.readTextFile(configFilePath(deps)) ?? "",
    credentialsText: await deps.readTextFile(credentialsFilePath(deps)) ?? "",
  });
}

/** What the layered reader serves for `args`: the reference. */
async function reference(args: string[]): Promise<string | undefined> {
  const request = hitRequest(args);
  if (request?.kind !== "assume") return undefined;
  const deps = systemDeps();
  const reader = new CredentialCache(cacheDir(deps), deps);
  const key = await currentHitMemoKey(deps, request.profile);
  // The hit reads current boxes only: a version 1 box is the full program's to read and replace.
  const box = await deps.readFile(`${cacheDir(deps)}/${key}${ENTRY_SUFFIX}`).catch(() => undefined);
  if (box?.[0] === LEGACY_BOX_VERSION) return undefined;
  const credentials = credentialsFromEntry(await reader.peek(key));
  if (!credentials) return undefined;
  const left = credentials.expiration.getTime() - Date.now();
  const servable = left > ADVISORY_REFRESH_MS || (request.disableMandatoryRefresh && left > 0);
  return servable ? credentialProcessJson(credentials) : undefined;
}

/** Runs `fn` with HOME at a fresh directory and no AWS or vegas variables; restores them. */
async function inFreshHome(fn: (home: string) => Promise<void>): Promise<void> {
  const saved = Deno.env.toObject();
  const home = await Deno.makeTempDir({ prefix: "vegas-hit-" });
  for (const name of Object.keys(saved)) {
    if (/^(AWS_|VEGAS_CREDENTIALS_)/.test(name) || name === "XDG_CACHE_HOME") Deno.env.delete(name);
  }
  Deno.env.set("HOME", home);
  try {
    await fn(home);
  } finally {
    for (const name of Object.keys(Deno.env.toObject())) {
      if (!(name in saved)) Deno.env.delete(name);
    }
    for (const [name, value] of Object.entries(saved)) Deno.env.set(name, value);
    await Deno.remove(home, { recursive: true });
  }
}

const PROFILE = "zoë@concerts";
const ARGS = ["assume", `--profile=${PROFILE}`];
const CREDENTIALS = {
  accessKeyId: "ASIAHITTEST",
  secretAccessKey: "hit-secret",
  sessionToken: "hit-token",
};

linuxTest(
  "the flat cache hit answers as the layered reader does, case by case",
  () =>
    inFreshHome(async (home) => {
      await Deno.mkdir(`${home}/.aws`);
      await Deno.writeTextFile(`${home}/.aws/config`, `[profile ${PROFILE}]\nregion = eu-west-1\n`);
      await Deno.writeTextFile(`${home}/.aws/credentials`, "");
      const deps = systemDeps();
      const dir = cacheDir(deps);
      const cache = new CredentialCache(dir, deps);
      const key = await currentHitMemoKey(deps, PROFILE);
      const store = (minutesLeft: number) =>
        cache.write(key, {
          profile: PROFILE,
          createdAt: Date.now(),
          expiresAt: Date.now() + minutesLeft * 60_000,
          data: CREDENTIALS,
        });
      const agree = async (args: string[], served: boolean, what: string) => {
        const fast = await cacheHitOutput(args);
        assertEquals(fast, await reference(args), what);
        assertEquals(fast !== undefined, served, what);
        if (fast) assertMatch(fast, /^\{"Version":1,"AccessKeyId":"ASIAHITTEST",/);
      };

      await agree(ARGS, false, "nothing cached yet");
      await store(60);
      await agree(ARGS, true, "a memo an hour from expiry");
      await agree([...ARGS, "--no-color", "--hide-arns"], true, "switches that change nothing");
      await agree([...ARGS, "--verbose"], false, "--verbose is the full program's");
      await agree(["assume", "--profile=other"], false, "another profile");
      await store(12);
      await agree(ARGS, false, "inside the refresh window");
      await agree([...ARGS, "--disable-mandatory-refresh"], true, "unless refresh is off");
      await store(60);

      Deno.env.set("AWS_REGION", "us-east-2");
      await agree(ARGS, false, "another environment");
      Deno.env.delete("AWS_REGION");
      await Deno.writeTextFile(`${home}/.aws/credentials`, "\n");
      await agree(ARGS, false, "another credentials file");
      await Deno.writeTextFile(`${home}/.aws/credentials`, "");
      await agree(ARGS, true, "the same files again");

      const entry = `${dir}/${key}.entry`;
      const sealed = await Deno.readFile(entry);
      const tampered = sealed.slice();
      tampered[tampered.length - 5] ^= 1;
      await Deno.writeFile(entry, tampered);
      await agree(ARGS, false, "a tampered entry");
      const salt = await Deno.readFile(`${dir}/salt`);
      const print = `boot=${
        /^btime (\d+)$/m.exec(await Deno.readTextFile("/proc/stat"))![1]
      };host=${Deno.hostname()};user=${Deno.uid()}`;
      const plain = new TextEncoder().encode(
        JSON.stringify({
          profile: PROFILE,
          createdAt: 0,
          expiresAt: Date.now() + 3_600_000,
          data: CREDENTIALS,
        }),
      );
      await Deno.writeFile(entry, await sealLegacy(print, salt, key, plain));
      await agree(ARGS, false, "a version 1 memo (left to the full program)");
      await Deno.remove(entry);
      await Deno.symlink(`${dir}/salt`, entry);
      await agree(ARGS, false, "a symlink where the entry belongs");
      await Deno.remove(entry);
      await Deno.writeFile(entry, sealed);
      await agree(ARGS, true, "the entry back");

      await Deno.chmod(dir, 0o777);
      await agree(ARGS, false, "a cache directory others may write");
      await Deno.chmod(dir, 0o700);
      await Deno.rename(`${dir}/salt`, `${dir}/salt.away`);
      await agree(ARGS, false, "no salt");
      await Deno.rename(`${dir}/salt.away`, `${dir}/salt`);
      await agree(ARGS, true, "the salt back");
    }),
);
