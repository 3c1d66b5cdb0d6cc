import {
  bootTimeCandidates,
  bootTimeFromStat,
  bootTimeFromUptime,
  fingerprints,
} from "../../src/cache/fingerprint.ts";
import { assertEquals, assertOk } from "../support/assert.ts";
import { fakeDeps } from "../support/fake_deps.ts";

Deno.test("boot time from uptime survives the ±1 s jitter of whole-second uptime", () => {
  // A machine that booted at 1_000_000_000.4 s: uptime readings jitter around it.
  for (const boot of [1_000_000_000.4, 1_000_000_029.5, 1_000_000_030.2, 1_000_000_059.9]) {
    const sets = [-1, -0.5, 0, 0.5, 1].map((jitter) =>
      bootTimeFromUptime(boot + 5000 + jitter, 5000)
    );
    // Some candidate is shared by every reading, so entries written on one run open on another.
    const shared = sets[0].filter((candidate) => sets.every((set) => set.includes(candidate)));
    assertOk(shared.length > 0, `boot ${boot}: ${JSON.stringify(sets)}`);
  }
});

Deno.test("Linux boot time comes from /proc/stat btime", async () => {
  const deps = fakeDeps({ files: { "/proc/stat": "cpu  1 2 3\nbtime 1763700000\nprocesses 5\n" } });
  assertEquals(await bootTimeCandidates(deps), [1763700000]);
});

Deno.test("the fingerprint names boot time, host and user", async () => {
  const deps = fakeDeps({
    files: { "/proc/stat": "btime 42\n" },
    overrides: { hostname: () => "laptop", uid: () => 1000 },
  });
  assertEquals(await fingerprints(deps), ["boot=42;host=laptop;user=1000"]);
});

Deno.test("bootTimeFromStat reads btime as /^btime (\\d+)$/m does", () => {
  const inputs = [
    "cpu  1 2 3\nbtime 1763700000\nprocesses 5\n",
    "btime 42",
    "btime 42\n",
    "xbtime 42\nbtime 7\n",
    "cpu 1\nbtime \n",
    "cpu 1\nbtime 12a\n",
    "cpu 1\nbtime  12\n",
    "cpu 1\nbtimes 12\n",
    "",
    "no boot time here",
    "cpu 1\nbtime 99\nbtime 100\n",
    "\nbtime 5",
  ];
  for (const stat of inputs) {
    const match = /^btime (\d+)$/m.exec(stat);
    assertEquals(
      bootTimeFromStat(stat),
      match ? Number(match[1]) : undefined,
      JSON.stringify(stat),
    );
  }
});
