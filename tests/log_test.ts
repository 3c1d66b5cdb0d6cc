import { createLogger, hideArn, MAX_LOG_BYTES } from "../src/log.ts";
import { assertEquals, assertStringIncludes } from "./support/assert.ts";
import { fakeDeps } from "./support/fake_deps.ts";

function logger(options: Partial<Parameters<typeof createLogger>[1]> = {}) {
  const deps = fakeDeps();
  const log = createLogger(deps, {
    verbose: false,
    debug: false,
    hideArns: false,
    color: false,
    logFile: "/state/log",
    ...options,
  });
  return { deps, log };
}

Deno.test("warnings and errors always reach stderr; info needs --verbose, debug needs --debug", () => {
  const quiet = logger();
  quiet.log.info("i");
  quiet.log.debug("d");
  quiet.log.warn("w");
  quiet.log.error("e");
  assertEquals(quiet.deps.captured.stderr, "vegas-credentials: w\nvegas-credentials: e\n");
  const verbose = logger({ verbose: true });
  verbose.log.info("i");
  verbose.log.debug("d");
  assertEquals(verbose.deps.captured.stderr, "i\n");
  const debug = logger({ debug: true });
  debug.log.debug("d");
  assertEquals(debug.deps.captured.stderr, "d\n");
});

Deno.test("registered secrets never reach stderr or the log file", async () => {
  const { deps, log } = logger({ verbose: true });
  log.addSecret("wJalrXUtnFEMI/K7MDENG");
  log.addSecret("123456");
  log.info("key wJalrXUtnFEMI/K7MDENG and code 123456");
  await log.flush();
  assertEquals(deps.captured.stderr, "key [redacted] and code [redacted]\n");
  assertStringIncludes(
    deps.captured.appended["/state/log"],
    "info: key [redacted] and code [redacted]",
  );
});

Deno.test("the log file gets info lines even without --verbose, one append at flush", async () => {
  const { deps, log } = logger();
  log.info("progress");
  log.debug("detail");
  assertEquals(deps.captured.appended, {});
  await log.flush();
  const text = deps.captured.appended["/state/log"];
  assertEquals(text.trim().split("\n").length, 1);
  assertStringIncludes(text, "info: progress");
});

Deno.test("--hide-arns masks every ARN, keeping its kind", () => {
  const { deps, log } = logger({ hideArns: true });
  log.error(
    "role arn:aws:iam::222222222222:role/team/Singer via arn:aws-us-gov:iam::111111111111:mfa/frank.",
  );
  assertEquals(
    deps.captured.stderr,
    "vegas-credentials: role arn:aws:iam::***:role/*** via arn:aws-us-gov:iam::***:mfa/***.\n",
  );
  assertEquals(hideArn("arn:aws:sts::1:assumed-role/R/s"), "arn:aws:sts::***:assumed-role/***");
});

Deno.test("colour wraps stderr lines only when enabled", () => {
  const { deps, log } = logger({ color: true });
  log.error("e");
  assertEquals(deps.captured.stderr, "\x1b[31mvegas-credentials: e\x1b[0m\n");
});

Deno.test("messages are kept on one line", () => {
  const { deps, log } = logger();
  log.error("a\nb\r\nc");
  assertEquals(deps.captured.stderr, "vegas-credentials: a b c\n");
});

Deno.test("the log file is rotated past 1 MiB, keeping one older file, and never written through a symlink", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const real = fakeDeps();
    const deps = {
      ...real,
      appendTextFile: (path: string, text: string) =>
        Deno.writeTextFile(path, text, { append: true }),
    };
    const file = `${dir}/vegas-credentials.log`;
    await Deno.writeTextFile(file, "x".repeat(MAX_LOG_BYTES + 1));
    const log = createLogger(deps, {
      verbose: false,
      debug: false,
      hideArns: false,
      color: false,
      logFile: file,
    });
    log.info("after rotation");
    await log.flush();
    assertEquals((await Deno.stat(`${file}.1`)).size, MAX_LOG_BYTES + 1);
    assertStringIncludes(await Deno.readTextFile(file), "info: after rotation");
    assertEquals((await Deno.readTextFile(file)).split("\n").length, 2);

    const target = `${dir}/elsewhere`;
    await Deno.writeTextFile(target, "");
    await Deno.remove(file);
    await Deno.symlink(target, file);
    log.info("must not land");
    await log.flush();
    assertEquals(await Deno.readTextFile(target), "");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
