import { assertEquals } from "../support/assert.ts";
import { utcTimestamp } from "../../src/output/utc_timestamp.ts";

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

Deno.test("utcTimestamp matches toISOString to the second", () => {
  const edges = [
    0,
    -1,
    951782400000, // 2000-02-29
    951868799999,
    4107542399000, // 2100-02-28T23:59:59
    4107542400000,
    253402300799999, // 9999-12-31T23:59:59.999
    -62167219200000, // 0000-01-01
    Date.UTC(2026, 11, 31, 23, 59, 59, 500),
  ];
  for (const ms of edges) assertEquals(utcTimestamp(ms), iso(ms), `at ${ms}`);
  let seed = 42;
  for (let i = 0; i < 20000; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const ms = Math.floor((seed / 2147483648) * 253402300799999);
    assertEquals(utcTimestamp(ms), iso(ms), `at ${ms}`);
  }
});
