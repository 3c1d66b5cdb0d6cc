/**
 * `deno task bench`: the cache-hit time of `vegas-credentials assume`, against `deno run` of an
 * empty module measured in the same run, interleaved so machine noise hits both alike. Prints
 * the medians and their ratio (the README reports it; the goal is ≤ 1.35).
 *
 * Usage: deno task bench [--runs N]
 *
 * @module
 */

import { bundleStartupPath } from "./bundle.ts";
import { RUN_FLAGS } from "./run_flags.ts";
import { startStsEmulator } from "../tests/support/sts_emulator.ts";

const repo = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const runsFlag = Deno.args.indexOf("--runs");
const runs = runsFlag >= 0 ? Number(Deno.args[runsFlag + 1]) : 40;

const user = {
  accessKeyId: "AKIAIOSFODNN7BENCH01",
  secretAccessKey: "benchmark-secret-key-benchmark-secret-k",
  arn: "arn:aws:iam::111111111111:user/bench",
};
const roleArn = "arn:aws:iam::222222222222:role/BenchRole";
const sts = startStsEmulator({
  users: [user],
  roles: [{ arn: roleArn, trusted: [user.arn], requireMfa: false }],
});
const home = await Deno.makeTempDir({ prefix: "vegas-bench-" });
await Deno.mkdir(`${home}/.aws`);
await Deno.writeTextFile(
  `${home}/.aws/config`,
  `[default]\nregion = eu-west-1\n\n[profile bench]\ncredential_process = vegas-credentials assume --profile=bench\n` +
    `vegas_role_arn = ${roleArn}\nvegas_source_profile = default\n`,
);
await Deno.writeTextFile(
  `${home}/.aws/credentials`,
  `[default]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n`,
);
await Deno.writeTextFile(`${home}/empty.ts`, "");
const env = {
  HOME: home,
  PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
  USER: "bench",
  DENO_DIR: JSON.parse(
    new TextDecoder().decode(
      (await new Deno.Command(Deno.execPath(), { args: ["info", "--json"], stdout: "piped" })
        .output()).stdout,
    ),
  ).denoDir,
  AWS_ENDPOINT_URL_STS: sts.endpoint,
};

// The same command line as the installed `vegas-credentials`, which runs the bundled startup path.
const entry = await bundleStartupPath();
const assume = [
  "run",
  ...RUN_FLAGS,
  "--frozen",
  "--config",
  `${repo}/deno.json`,
  entry,
  "assume",
  "--profile=bench",
];
const empty = ["run", "--quiet", `${home}/empty.ts`];

async function time(args: string[]): Promise<number> {
  const started = performance.now();
  const output = await new Deno.Command(Deno.execPath(), {
    args,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const elapsed = performance.now() - started;
  if (!output.success) {
    throw new Error(`benchmark command failed: ${new TextDecoder().decode(output.stderr)}`);
  }
  return elapsed;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

try {
  await time(assume); // fills the cache (the one STS call)
  const calls = sts.requests.length;
  for (let i = 0; i < 5; i++) await time(assume) && await time(empty); // warm up
  const hit: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < runs; i++) {
    base.push(await time(empty));
    hit.push(await time(assume));
  }
  if (sts.requests.length !== calls) throw new Error("a benchmark run missed the cache");
  const [hitMs, baseMs] = [median(hit), median(base)];
  console.log(`runs:                             ${runs} each, interleaved`);
  console.log(`deno run (empty module), median:  ${baseMs.toFixed(1)} ms`);
  console.log(`assume (cache hit), median:       ${hitMs.toFixed(1)} ms`);
  console.log(`ratio:                            ${(hitMs / baseMs).toFixed(2)}`);
} finally {
  await sts.close();
  await Deno.remove(home, { recursive: true });
}
