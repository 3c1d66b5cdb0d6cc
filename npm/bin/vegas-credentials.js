#!/usr/bin/env node
"use strict";
/**
 * The `vegas-credentials` command of the npm package: runs the verified release binary for this
 * machine (downloading it first if needed) with the same arguments, stdin, stdout and stderr,
 * and exits with its exit code. Stdout is the credential channel: nothing else is written there.
 */

const { spawnSync } = require("node:child_process");
const { ensureBinary } = require("../lib/install.js");

async function main() {
  let binary;
  try {
    binary = await ensureBinary({ log: (line) => process.stderr.write(line + "\n") });
  } catch (error) {
    process.stderr.write(`vegas-credentials: ${error.message}\n`);
    return 1;
  }
  const result = spawnSync(binary, process.argv.slice(2), { stdio: "inherit", windowsHide: true });
  if (result.error) {
    process.stderr.write(`vegas-credentials: cannot run ${binary}: ${result.error.message}\n`);
    return 1;
  }
  if (result.signal) {
    process.kill(process.pid, result.signal);
    return 1;
  }
  return result.status === null ? 1 : result.status;
}

main().then((code) => process.exit(code));
