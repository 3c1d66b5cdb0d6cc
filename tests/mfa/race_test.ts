import { CancelledError, VegasError } from "../../src/errors.ts";
import { type CodeSource, raceForCode } from "../../src/mfa/race.ts";
import { assertEquals, assertOk, assertRejects } from "../support/assert.ts";

/** A source that answers (or fails) after `ms`, and records whether it was told to stop. */
function source(name: string, ms: number, outcome: string | Error, log: string[]): CodeSource {
  return {
    name,
    getCode: (signal) =>
      new Promise<string>((resolve, reject) => {
        const onAbort = () => {
          clearTimeout(timer);
          log.push(`${name} stopped`);
          reject(signal.reason);
        };
        const timer = setTimeout(() => {
          signal.removeEventListener("abort", onAbort);
          if (typeof outcome === "string") resolve(outcome);
          else reject(outcome);
        }, ms);
        signal.addEventListener("abort", onAbort, { once: true });
      }),
  };
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });

const options = { profileName: "p", timeoutMs: 2000, sleep };

Deno.test("the first code wins and every other source is stopped", async () => {
  const log: string[] = [];
  const result = await raceForCode(
    [
      source("YubiKey", 200, "111111", log),
      source("terminal", 20, "222222", log),
      source("dialog", 300, "333333", log),
    ],
    options,
  );
  assertEquals(result, { code: "222222", source: "terminal" });
  assertEquals(log.sort(), ["YubiKey stopped", "dialog stopped"]);
});

Deno.test("a failing source does not end the race, and is reported", async () => {
  const log: string[] = [];
  const failures: string[] = [];
  const result = await raceForCode(
    [
      source("YubiKey", 5, new VegasError("no YubiKey is plugged in"), log),
      source("mfa_process", 50, "123456", log),
    ],
    { ...options, onFailure: (name, reason) => failures.push(`${name}: ${reason}`) },
  );
  assertEquals(result.source, "mfa_process");
  assertEquals(failures, ["YubiKey: no YubiKey is plugged in"]);
});

Deno.test("when every source fails, one error names each and its reason", async () => {
  const log: string[] = [];
  await assertRejects(
    () =>
      raceForCode([
        source("YubiKey", 5, new VegasError("no YubiKey is plugged in"), log),
        source("mfa_process", 10, new VegasError("The mfa_process exited with code 1."), log),
      ], options),
    VegasError,
    /^No MFA code for profile "p": YubiKey: no YubiKey is plugged in; mfa_process: The mfa_process exited with code 1$/,
  );
});

Deno.test("the race ends at its timeout, stopping every source", async () => {
  const log: string[] = [];
  const started = Date.now();
  await assertRejects(
    () =>
      raceForCode([source("YubiKey", 10_000, "1", log), source("terminal", 10_000, "2", log)], {
        ...options,
        timeoutMs: 100,
      }),
    VegasError,
    /^No MFA code for profile "p" within 0 s \(waited for: YubiKey, terminal\); set vegas_mfa_timeout to wait longer$/,
  );
  assertOk(Date.now() - started < 2000);
  assertEquals(log.sort(), ["YubiKey stopped", "terminal stopped"]);
});

Deno.test("Ctrl-C at the terminal ends the whole race", async () => {
  const log: string[] = [];
  await assertRejects(
    () =>
      raceForCode([
        source("YubiKey", 10_000, "1", log),
        source("terminal", 10, new CancelledError(), log),
      ], options),
    CancelledError,
  );
  assertEquals(log, ["YubiKey stopped"]);
});
