/**
 * Runs before `deno task test`: makes sure the tools the end-to-end tests drive are here.
 *
 * - Linux: the AWS CLI v2, boto3, oathtool, tmux and fish, and for the keyring tests D-Bus,
 *   GNOME Keyring and secret-tool. On Debian or Ubuntu, missing ones are
 *   installed with apt-get when we are root or may use sudo (as `.ci/run` needs on a fresh CI
 *   machine); otherwise the run stops at once with the exact command to type. Nothing is ever
 *   skipped for a missing tool: a missing tool would fail its tests, so we stop before.
 * - macOS and Windows: the end-to-end tests need Linux (setsid, /proc, Debian's AWS CLI); they are
 *   reported as ignored, and this says so.
 *
 * @module
 */

/** A tool the tests drive, and the Debian package that provides it. */
interface Tool {
  package: string;
  /** The command that proves it works (exit 0). */
  probe: string[];
}

/** A shell loop that succeeds when `test` (reading the candidate as `$c`) passes for one. */
function firstOf(candidates: string[], test: string): string {
  return `for c in ${candidates.join(" ")}; do ${test} && exit 0; done; exit 1`;
}

/** The single list of the Debian packages the tests need (`.ci/run` relies on this script). */
export const TOOLS: readonly Tool[] = [
  // As tests/support/tools.ts finds them: Debian's own first, since a pyenv shim on PATH can
  // answer for AWS CLI v1 or a Python without boto3, and neither is what the tests drive.
  {
    package: "awscli",
    probe: [
      "sh",
      "-c",
      firstOf(["/usr/bin/aws", "aws"], `"$c" --version 2>&1 | grep -q '^aws-cli/2'`),
    ],
  },
  {
    package: "python3-boto3",
    probe: [
      "sh",
      "-c",
      firstOf(["/usr/bin/python3", "python3"], `"$c" -c 'import boto3' 2>/dev/null`),
    ],
  },
  { package: "oathtool", probe: ["oathtool", "--version"] },
  { package: "tmux", probe: ["tmux", "-V"] },
  { package: "fish", probe: ["fish", "--version"] },
  { package: "dbus-daemon", probe: ["dbus-daemon", "--version"] },
  { package: "gnome-keyring", probe: ["gnome-keyring-daemon", "--version"] },
  // secret-tool has no --version; `which` finds it.
  { package: "libsecret-tools", probe: ["sh", "-c", "command -v secret-tool"] },
];

const APT_TIMEOUT_MS = 20 * 60_000;

async function works(command: string[]): Promise<boolean> {
  try {
    const output = await new Deno.Command(command[0], {
      args: command.slice(1),
      stdin: "null",
      stdout: "null",
      stderr: "null",
      signal: AbortSignal.timeout(30_000),
    }).output();
    return output.success;
  } catch {
    return false;
  }
}

/** Runs `argv` with our stdio, as root (directly or through sudo). */
async function asRoot(argv: string[], sudo: boolean): Promise<boolean> {
  // sudo drops the environment: env(1) sets the variable on the far side.
  const [command, args] = sudo
    ? ["sudo", ["env", "DEBIAN_FRONTEND=noninteractive", ...argv]]
    : [argv[0], argv.slice(1)];
  const child = new Deno.Command(command, {
    args,
    env: { DEBIAN_FRONTEND: "noninteractive" },
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
    signal: AbortSignal.timeout(APT_TIMEOUT_MS),
  }).spawn();
  return (await child.status).success;
}

async function main(): Promise<number> {
  if (Deno.build.os !== "linux") {
    console.error(
      `test tools: the end-to-end tests need Linux (setsid, /proc, Debian's AWS CLI and boto3); ` +
        `on ${Deno.build.os} they are reported as ignored below, the unit tests run`,
    );
    return 0;
  }
  const missing: Tool[] = [];
  for (const tool of TOOLS) if (!(await works(tool.probe))) missing.push(tool);
  if (missing.length === 0) return 0;
  const packages = missing.map((tool) => tool.package);
  const line = `sudo apt-get install -y --no-install-recommends ${packages.join(" ")}`;
  const root = Deno.uid() === 0;
  const apt = await works(["apt-get", "--version"]);
  const sudo = !root && await works(["sudo", "-n", "true"]);
  if (!apt || (!root && !sudo)) {
    console.error(
      `test tools: the end-to-end tests need ${packages.join(", ")}, which are missing` +
        (apt
          ? `, and this user cannot install them (not root, no sudo without a password); run: ${line}`
          : `; install them with your package manager (on Debian or Ubuntu: ${line})`),
    );
    return 1;
  }
  console.error(`test tools: installing ${packages.join(" ")} with apt-get`);
  const installed = await asRoot(["apt-get", "update", "-qq"], sudo) &&
    await asRoot(
      ["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...packages],
      sudo,
    );
  const still = [];
  for (const tool of missing) if (!(await works(tool.probe))) still.push(tool.package);
  if (!installed || still.length > 0) {
    console.error(
      `test tools: could not install ${(still.length ? still : packages).join(", ")}; run: ${line}`,
    );
    return 1;
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main());
