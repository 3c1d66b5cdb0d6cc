/**
 * `deno task bench`: what a cache hit costs as users run it, against `deno run` of an empty
 * module measured in the same run.
 *
 * It installs the command into a temporary root (as `deno task install` does), fills the cache
 * once against the loopback STS, and then times, pair by pair with an empty `deno run` right
 * before each run so that machine noise hits both alike:
 *
 * - `installed, USER set`: the installed `vegas-credentials assume --profile=bench`;
 * - `installed, USER unset`: the same with no `USER`, `LOGNAME` or `USERNAME` (containers, CI,
 *   IDE launchers, `env -i`);
 * - `bare entry`: `deno run` of the bundled entry with the installed command's flags, without
 *   the shim.
 *
 * For each case and round it reports the medians, the median of the per-pair ratios and the
 * ratio of the minimums; then the spread of the per-pair-ratio medians over the rounds. Last, the
 * end-to-end overhead under the AWS CLI: `aws sts get-caller-identity` through a profile that
 * runs us, and through one whose credential_process only prints the same JSON (`cat`: the floor
 * of any helper), each against the same call with static keys, all against the loopback STS.
 *
 * Then the commands people type, with the cache warm (`export`, `exec -- /bin/true`, `list`
 * served from its memo, `list --verbose` run in full as after any change, `--version`), against
 * the same empty run; and a miss (the cache cleared before each pair, one
 * AssumeRole to the loopback STS) against a minimal Deno program making the same call with the
 * same SDK under the checkout's lockfile.
 *
 * Usage: deno task bench [--rounds 3] [--pairs 60] [--aws-pairs 30]
 *
 * @module
 */

import { userInfo } from "node:os";
import { startStsEmulator } from "../tests/support/sts_emulator.ts";
import { BUNDLE_NAME, bundleDir, COMMAND_NAME, HIT_FLAGS } from "./run_flags.ts";

const repo = decodeURIComponent(new URL("..", import.meta.url).pathname).replace(/\/$/, "");

function numberFlag(name: string, fallback: number): number {
  const at = Deno.args.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(Deno.args[at + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`bench: ${name} takes a whole number of at least 1`);
    Deno.exit(2);
  }
  return value;
}
const rounds = numberFlag("--rounds", 3);
const pairs = numberFlag("--pairs", 60);
const awsPairs = numberFlag("--aws-pairs", 30);

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
const hitJson = `${home}/hit.json`;

/** Runs a command to completion; throws with its stderr when it fails. */
async function run(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<number> {
  const started = performance.now();
  const output = await new Deno.Command(command, {
    args,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const elapsed = performance.now() - started;
  if (!output.success) {
    throw new Error(
      `benchmark command ${command} ${args.join(" ")} failed: ${
        new TextDecoder().decode(output.stderr)
      }`,
    );
  }
  return elapsed;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** A timed case: what runs, and under which environment. */
interface Case {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Untimed, before each pair (the baseline's run and this one's): a miss clears the cache. */
  before?: () => Promise<void>;
}

/** The figures of one case in one round. */
interface Figures {
  caseMs: number;
  baseMs: number;
  pairRatio: number;
  minRatio: number;
}

/**
 * Times `cases`, `count` times: each right after a run of `baseline` of its own, or, with
 * `shared`, all of them after one run of `baseline`, in turns (for slow baselines such as the
 * AWS CLI).
 */
async function round(
  cases: Case[],
  baseline: Case,
  count: number,
  shared = false,
): Promise<Figures[]> {
  const times = cases.map(() => ({ own: [] as number[], base: [] as number[] }));
  const runBaseline = () => run(baseline.command, baseline.args, baseline.env);
  for (let i = 0; i < count; i++) {
    let base = shared ? await runBaseline() : 0;
    // After a shared baseline the cases take turns at coming first.
    const order = cases.map((_, k) => shared ? (k + i) % cases.length : k);
    for (const index of order) {
      const timed = cases[index];
      await timed.before?.();
      if (!shared) base = await runBaseline();
      times[index].base.push(base);
      times[index].own.push(await run(timed.command, timed.args, timed.env));
    }
  }
  return times.map(({ own, base }) => ({
    caseMs: median(own),
    baseMs: median(base),
    pairRatio: median(own.map((ms, i) => ms / base[i])),
    minRatio: Math.min(...own) / Math.min(...base),
  }));
}

function report(cases: Case[], results: Figures[][], title: string): void {
  console.log(`\n${title}, ${rounds} rounds`);
  console.log(
    "case                     round  median ms  baseline ms  median ratio  min ratio",
  );
  for (const [index, timed] of cases.entries()) {
    for (const [r, figures] of results.entries()) {
      const f = figures[index];
      console.log(
        `${timed.name.padEnd(24)} ${String(r + 1).padStart(5)}  ${
          f.caseMs.toFixed(1).padStart(9)
        }` +
          `  ${f.baseMs.toFixed(1).padStart(11)}  ${f.pairRatio.toFixed(3).padStart(12)}` +
          `  ${f.minRatio.toFixed(3).padStart(9)}`,
      );
    }
    const ratios = results.map((figures) => figures[index].pairRatio);
    console.log(
      `${timed.name.padEnd(24)} median ratio over rounds ${median(ratios).toFixed(3)}, spread ` +
        `${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)}`,
    );
  }
}

try {
  await Deno.mkdir(`${home}/.aws`);
  await Deno.writeTextFile(
    `${home}/.aws/config`,
    `[default]\nregion = eu-west-1\n\n[profile bench]\nregion = eu-west-1\n` +
      `credential_process = ${COMMAND_NAME} assume --profile=bench\n` +
      `vegas_role_arn = ${roleArn}\nvegas_source_profile = default\n\n` +
      `[profile static]\nregion = eu-west-1\n\n` +
      `[profile cat]\nregion = eu-west-1\ncredential_process = cat ${hitJson}\n`,
  );
  await Deno.writeTextFile(
    `${home}/.aws/credentials`,
    `[default]\naws_access_key_id = ${user.accessKeyId}\n` +
      `aws_secret_access_key = ${user.secretAccessKey}\n\n[static]\n` +
      `aws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n`,
  );
  await Deno.writeTextFile(`${home}/empty.ts`, "");

  // Installed as users install it, into a root of its own.
  const installRoot = `${home}/deno-root`;
  const denoDir = JSON.parse(
    new TextDecoder().decode(
      (await new Deno.Command(Deno.execPath(), { args: ["info", "--json"], stdout: "piped" })
        .output()).stdout,
    ),
  ).denoDir;
  const base = {
    HOME: home,
    PATH: `${installRoot}/bin:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`,
    DENO_DIR: denoDir,
    AWS_ENDPOINT_URL_STS: sts.endpoint,
  };
  await run(Deno.execPath(), ["run", "--allow-all", "--frozen", `${repo}/scripts/install.ts`], {
    ...base,
    DENO_INSTALL_ROOT: installRoot,
  });
  const shim = `${installRoot}/bin/${COMMAND_NAME}`;
  // The real user's name, so that both cases name the same role session (one cache entry).
  const withUser = { ...base, USER: userInfo().username };
  // The bundle the install wrote into the bench's own root, not the checkout's.
  const entry = `${bundleDir(installRoot)}/${BUNDLE_NAME}`;
  const hitArgs = ["assume", "--profile=bench"];
  const cases: Case[] = [
    { name: "installed, USER set", command: shim, args: hitArgs, env: withUser },
    { name: "installed, USER unset", command: shim, args: hitArgs, env: base },
    {
      name: "bare entry",
      command: Deno.execPath(),
      args: ["run", ...HIT_FLAGS, entry, ...hitArgs],
      env: withUser,
    },
  ];
  const empty: Case = {
    name: "empty deno run",
    command: Deno.execPath(),
    args: ["run", "--quiet", `${home}/empty.ts`],
    env: withUser,
  };

  await run(shim, hitArgs, withUser); // fills the cache: the one STS call
  // One full run per environment writes its hit memo, as a user's first run in a shell does.
  for (const timed of cases) await run(shim, [...hitArgs, "--verbose"], timed.env);
  const calls = sts.requests.length;
  for (const timed of [...cases, empty]) {
    for (let i = 0; i < 3; i++) await run(timed.command, timed.args, timed.env); // warm up
  }
  const results: Figures[][] = [];
  for (let r = 0; r < rounds; r++) results.push(await round(cases, empty, pairs));
  if (sts.requests.length !== calls) throw new Error("a benchmark run missed the cache");
  console.log(`Deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} cores`);
  report(cases, results, `cache hit against an empty deno run (${pairs} pairs a round)`);

  // The commands people run by hand and in prompts, with the cache warm: each within 1.5× an
  // empty deno run is the goal.
  const commandCases: Case[] = [
    ["export --profile=bench", ["export", "--profile=bench"]],
    ["exec -- /bin/true", ["exec", "--profile=bench", "--", "/bin/true"]],
    ["list", ["list"]],
    // What a list costs when the list memo cannot answer (the first after any change): the full
    // program, which --verbose always runs.
    ["list --verbose (full)", ["list", "--verbose"]],
    ["--version", ["--version"]],
  ].map(([name, args]) => ({
    name: name as string,
    command: shim,
    args: args as string[],
    env: withUser,
  }));
  for (const timed of commandCases) {
    for (let i = 0; i < 3; i++) await run(timed.command, timed.args, timed.env); // warm up
  }
  const commandResults: Figures[][] = [];
  for (let r = 0; r < rounds; r++) commandResults.push(await round(commandCases, empty, pairs));
  if (sts.requests.length !== calls) throw new Error("a command run missed the cache");
  report(
    commandCases,
    commandResults,
    `warm commands against an empty deno run (${pairs} pairs a round)`,
  );

  // A miss: one AssumeRole to the loopback STS, against the floor of any Deno program making
  // that call with the same SDK (a script of four lines under the checkout's lockfile).
  const floorScript = `${home}/sdk_floor.ts`;
  await Deno.writeTextFile(
    floorScript,
    `import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";\n` +
      `const client = new STSClient({ region: "eu-west-1", credentials: ` +
      `{ accessKeyId: ${JSON.stringify(user.accessKeyId)}, secretAccessKey: ` +
      `${JSON.stringify(user.secretAccessKey)} } });\n` +
      `const { Credentials } = await client.send(new AssumeRoleCommand({ RoleArn: ` +
      `${JSON.stringify(roleArn)}, RoleSessionName: "bench" }));\n` +
      `console.log(JSON.stringify({ Version: 1, ...Credentials }));\n`,
  );
  const floor: Case = {
    name: "minimal SDK program",
    command: Deno.execPath(),
    args: ["run", "--allow-all", "--quiet", "--frozen", `--config=${repo}/deno.json`, floorScript],
    env: withUser,
  };
  const clearCache = () =>
    Deno.remove(`${home}/.cache/vegas-credentials`, { recursive: true }).catch(() => {});
  const miss: Case = {
    name: "assume (miss)",
    command: shim,
    args: hitArgs,
    env: withUser,
    before: clearCache,
  };
  for (let i = 0; i < 3; i++) {
    await clearCache();
    await run(miss.command, miss.args, miss.env);
    await run(floor.command, floor.args, floor.env);
  }
  const missPairs = Math.max(10, Math.floor(pairs / 3));
  const missResults: Figures[][] = [];
  for (let r = 0; r < rounds; r++) missResults.push(await round([miss], floor, missPairs));
  report(
    [miss],
    missResults,
    `a miss against the minimal SDK program (${missPairs} pairs a round)`,
  );

  const aws = new Deno.Command("aws", { args: ["--version"], stdout: "null", stderr: "null" });
  const hasAws = await aws.output().then((o) => o.success, () => false);
  if (!hasAws) {
    console.log("\nend to end: skipped, the AWS CLI (aws) is not installed");
  } else {
    const awsEnv = { ...withUser, AWS_EC2_METADATA_DISABLED: "true", AWS_PAGER: "" };
    const call = (profile: string): Case => ({
      name: `aws --profile ${profile}`,
      command: "aws",
      args: ["sts", "get-caller-identity", "--profile", profile, "--endpoint-url", sts.endpoint],
      env: awsEnv,
    });
    // The floor of any credential_process helper: `cat` of the very JSON our hit prints, so
    // that the AWS CLI's own cost of running a helper and reading temporary credentials shows
    // apart from ours.
    const printed = await new Deno.Command(shim, {
      args: hitArgs,
      env: withUser,
      clearEnv: true,
      stdout: "piped",
    }).output();
    await Deno.writeFile(hitJson, printed.stdout, { mode: 0o600 });
    const awsCases = [call("bench"), call("cat")];
    const endToEnd: Figures[][] = [];
    for (let r = 0; r < rounds; r++) {
      endToEnd.push(await round(awsCases, call("static"), awsPairs, true));
    }
    report(
      awsCases,
      endToEnd,
      `end to end: aws sts get-caller-identity through vegas-credentials (bench), and through ` +
        `cat of the JSON it prints (cat), against static keys (${awsPairs} triples a round: ` +
        `static keys, bench, cat; each ratio is to the static-key call of its triple)`,
    );
  }
} finally {
  await sts.close();
  await Deno.remove(home, { recursive: true });
}
