/**
 * Finds the external programs the end-to-end tests drive. `.ci/run` installs them from Debian
 * (`awscli`, `python3-boto3`, `oathtool`, `tmux`); a missing one fails the test with advice
 * rather than skipping it.
 *
 * @module
 */

async function firstWorking(
  candidates: string[],
  args: string[],
  accept: (out: string) => boolean,
): Promise<string | undefined> {
  for (const candidate of candidates) {
    try {
      const output = await new Deno.Command(candidate, { args, stdout: "piped", stderr: "piped" })
        .output();
      const text = new TextDecoder().decode(output.stdout) +
        new TextDecoder().decode(output.stderr);
      if (output.success && accept(text)) return candidate;
    } catch {
      // Not installed here.
    }
  }
  return undefined;
}

function missing(what: string, pkg: string): never {
  throw new Error(`${what} is not installed; run .ci/run, or apt-get install ${pkg}`);
}

let aws: Promise<string> | undefined;
/** AWS CLI v2: Debian's `/usr/bin/aws` first (a pyenv shim may hide it behind CLI v1). */
export function awsCli(): Promise<string> {
  aws ??= firstWorking(["/usr/bin/aws", "aws"], ["--version"], (out) => out.startsWith("aws-cli/2"))
    .then((found) => found ?? missing("AWS CLI v2", "awscli"));
  return aws;
}

let python: Promise<string> | undefined;
/** A Python that can import boto3: Debian's `/usr/bin/python3` first. */
export function pythonWithBoto3(): Promise<string> {
  python ??= firstWorking(["/usr/bin/python3", "python3"], [
    "-c",
    "import boto3; print(boto3.__version__)",
  ], () => true)
    .then((found) => found ?? missing("Python with boto3", "python3-boto3"));
  return python;
}

/** A program on PATH, or a clear failure. */
export async function requireProgram(
  name: string,
  pkg: string,
  versionArgs = ["--version"],
): Promise<string> {
  return (await firstWorking([name], versionArgs, () => true)) ?? missing(name, pkg);
}
