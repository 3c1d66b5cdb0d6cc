import { systemDeps } from "../../src/system_deps.ts";
import { VegasError } from "../../src/errors.ts";
import { codeFromMfaProcess } from "../../src/mfa/mfa_process_source.ts";
import { assertEquals, assertOk, assertRejects } from "../support/assert.ts";
import { linuxTest } from "../support/platform.ts";

const deps = systemDeps();
const setting = (command: string) => ({ command, where: `mfa_process (test)` });

/** Whether a process runs (a zombie waiting for a parent that does not reap counts as gone). */
function alive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

linuxTest("mfa_process output is the code, whitespace trimmed", async () => {
  assertEquals(await codeFromMfaProcess(setting("printf ' 123 456 \\n'"), deps), "123456");
});

linuxTest("mfa_process with shell syntax runs through sh", async () => {
  assertEquals(await codeFromMfaProcess(setting("echo 12 | sed 's/$/3456/'"), deps), "123456");
});

linuxTest("mfa_process gets no stdin", async () => {
  // `cat` would hang forever on an inherited terminal or an open pipe.
  await assertRejects(
    () => codeFromMfaProcess(setting("cat"), deps, { timeoutMs: 5_000 }),
    VegasError,
    /printed no 6-digit/,
  );
});

linuxTest("an mfa_process past its timeout is killed with its whole process group", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const script = `${dir}/slow.sh`;
    // The grandchild sleep would keep the pipe open (and live on) if only the shell were killed.
    await Deno.writeTextFile(script, `#!/bin/sh\nsleep 30 &\necho $! > ${dir}/grandchild\nwait\n`);
    await Deno.chmod(script, 0o755);
    const started = Date.now();
    await assertRejects(
      () => codeFromMfaProcess(setting(script), deps, { timeoutMs: 500 }),
      VegasError,
      /^The mfa_process \(test\) did not finish within 1 s and was stopped$/,
    );
    assertOk(Date.now() - started < 5_000, "the timeout did not end the wait");
    const grandchild = Number(await Deno.readTextFile(`${dir}/grandchild`));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assertOk(!alive(grandchild), "the grandchild survived");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

linuxTest("an aborted mfa_process is killed", async () => {
  const controller = new AbortController();
  const pending = codeFromMfaProcess(setting("sleep 30"), deps, { signal: controller.signal });
  setTimeout(() => controller.abort(new Error("not needed any more")), 100);
  await assertRejects(() => pending, Error, /not needed any more/);
});

linuxTest("a failing mfa_process's stderr is quoted with digit runs masked", async () => {
  await assertRejects(
    () => codeFromMfaProcess(setting("sh -c 'echo \"token 654321 refused\" >&2; exit 3'"), deps),
    VegasError,
    /exited with code 3: token \*\*\* refused$/,
  );
});

linuxTest("an mfa_process printing too many digits is refused without echoing them", async () => {
  const error = await assertRejects(
    () => codeFromMfaProcess(setting("echo 1234567"), deps),
    VegasError,
    /got 7 non-space characters/,
  );
  assertOk(!error.message.includes("1234567"));
});
