import { decideRefresh } from "../../src/cache/refresh_policy.ts";
import { assertEquals } from "../support/assert.ts";

const MIN = 60_000;

Deno.test("cached credentials are served above 15 min, and between 10 and 15 unless a silent refresh is possible", () => {
  const cases: [number, boolean, boolean, string][] = [
    // minutes left, disableMandatoryRefresh, silentRefreshPossible, decision
    [60, false, false, "serve"],
    [15.1, false, true, "serve"],
    [14, false, false, "serve"],
    [14, false, true, "refresh"],
    [10.1, false, false, "serve"],
    [9.9, false, false, "refresh"],
    [1, false, false, "refresh"],
    [9, true, false, "serve"],
    [0.1, true, true, "serve"],
    [0, true, false, "refresh"],
    [-5, false, false, "refresh"],
  ];
  for (const [minutes, disableMandatoryRefresh, silentRefreshPossible, expected] of cases) {
    assertEquals(
      decideRefresh(1_000_000 + minutes * MIN, 1_000_000, {
        disableMandatoryRefresh,
        silentRefreshPossible,
      }),
      expected,
      `${minutes} min, disable=${disableMandatoryRefresh}, silent=${silentRefreshPossible}`,
    );
  }
});
