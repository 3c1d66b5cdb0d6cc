/**
 * A stand-in for the YubiKey Manager CLI (`ykman`), mimicking ykman 4 (or 3) as observed:
 * argument syntax, stdout/stderr texts and exit codes, touch, several devices, a password-
 * protected OATH application. Codes are TOTP codes of secrets the loopback STS also knows.
 *
 * It reads its world from the JSON file named by `FAKE_YKMAN_STATE`:
 *   { version: 3 | 4, devices: [{ serial, password?, accounts: [{ name, secretFile, touch? }] }],
 *     touchFile?: string, touchTimeoutMs?: number, noDeviceDelayMs?: number, log: string }
 * A touch is "done" when `touchFile` exists. Every run appends its argv and pid to `log`.
 *
 * @module
 */

import { totp } from "./totp.ts";

interface Account {
  name: string;
  secretFile: string;
  touch?: boolean;
}
interface Device {
  serial: number;
  password?: string;
  accounts: Account[];
}
interface State {
  version: 3 | 4;
  devices: Device[];
  touchFile?: string;
  touchTimeoutMs?: number;
  /** How long it takes to report that no YubiKey is plugged in (default at once). */
  noDeviceDelayMs?: number;
  log: string;
}

const encoder = new TextEncoder();
const state: State = JSON.parse(await Deno.readTextFile(Deno.env.get("FAKE_YKMAN_STATE")!));
await Deno.writeTextFile(state.log, JSON.stringify({ pid: Deno.pid, args: Deno.args }) + "\n", {
  append: true,
});

function fail(message: string, code = 1): never {
  Deno.stderr.writeSync(encoder.encode(message + "\n"));
  Deno.exit(code);
}

const args = [...Deno.args];
if (args[0] === "--version") {
  console.log(`YubiKey Manager (ykman) version: ${state.version === 4 ? "4.0.9" : "3.1.2"}`);
  Deno.exit(0);
}
let serial: number | undefined;
if (args[0] === "--device" || args[0] === "-d") {
  serial = Number(args[1]);
  args.splice(0, 2);
}
if (args[0] === "list" && args[1] === "--serials") {
  for (const device of state.devices) console.log(device.serial);
  Deno.exit(0);
}
if (args[0] === "oath" && args[1] === "accounts" && args[2] === "list") {
  const device = state.devices.find((d) => serial === undefined || d.serial === serial);
  if (!device) fail(`Error: Failed connecting to a YubiKey with serial: ${serial}`);
  for (const account of device.accounts) console.log(account.name);
  Deno.exit(0);
}
const v4 = args[0] === "oath" && args[1] === "accounts" && args[2] === "code";
const v3 = args[0] === "oath" && args[1] === "code";
if (state.version === 4 && v3) {
  fail(
    "Usage: ykman oath [OPTIONS] COMMAND [ARGS]...\nTry 'ykman oath -h' for help.\n\nError: No such command 'code'.",
    2,
  );
}
if (state.version === 3 && v4) {
  fail(
    "Usage: ykman oath [OPTIONS] COMMAND [ARGS]...\nTry 'ykman oath -h' for help.\n\nError: No such command 'accounts'.",
    2,
  );
}
const rest = args.slice(v4 ? 3 : 2);
if ((!v4 && !v3) || rest[0] !== "--single" || rest.length !== 2) {
  fail("Error: unexpected arguments " + args.join(" "), 2);
}
const query = rest[1];

let device: Device;
if (serial !== undefined) {
  const found = state.devices.find((d) => d.serial === serial);
  if (!found) {
    fail(
      `Error: Failed connecting to a YubiKey with serial: ${serial}.\nMake sure the application has the required permissions.`,
    );
  }
  device = found;
} else if (state.devices.length === 0) {
  // The real ykman (one Python process) takes ~2.6 s to give up without a key.
  await new Promise((resolve) => setTimeout(resolve, state.noDeviceDelayMs ?? 0));
  fail("Error: No YubiKey detected!");
} else if (state.devices.length > 1) {
  fail("Error: Multiple YubiKeys detected. Use --device SERIAL to specify which one to use.");
} else {
  device = state.devices[0];
}

if (device.password !== undefined) {
  Deno.stderr.writeSync(encoder.encode("Enter the password: "));
  const buffer = new Uint8Array(1024);
  const count = await Deno.stdin.read(buffer);
  if (count === null) fail("\nAborted!");
  const typed = new TextDecoder().decode(buffer.subarray(0, count)).replace(/\r?\n$/, "");
  Deno.stderr.writeSync(encoder.encode("\n"));
  if (typed !== device.password) {
    fail("Error: Authentication to the YubiKey failed. Wrong password?");
  }
}

const exact = device.accounts.filter((a) => a.name === query);
const matches = exact.length > 0
  ? exact
  : device.accounts.filter((a) => a.name.toLowerCase().includes(query.toLowerCase()));
if (matches.length === 0) fail("Error: No matching account found.");
if (matches.length > 1) {
  fail(
    `Error: Multiple matches, please make the query more specific.\n${
      matches.map((a) => a.name).join("\n")
    }`,
  );
}
const account = matches[0];

if (account.touch) {
  Deno.stderr.writeSync(encoder.encode("Touch your YubiKey...\n"));
  const deadline = Date.now() + (state.touchTimeoutMs ?? 15_000);
  while (true) {
    if (state.touchFile) {
      try {
        await Deno.stat(state.touchFile);
        break;
      } catch {
        // Not touched yet.
      }
    }
    if (Date.now() > deadline) fail("Error: Touch account timed out!");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
console.log(totp((await Deno.readTextFile(account.secretFile)).trim()));
