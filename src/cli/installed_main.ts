/**
 * What the installed command runs (bundled into one file by scripts/bundle.ts, started with no
 * config file: src/cli/launch_flags.ts): the cache hit, else the full program in a process of
 * its own, under the lockfile (src/cli/hand_off.ts). `main.ts`, which `deno compile` builds
 * and the checkout runs, loads the full program in the same process instead.
 *
 * @module
 */

import { serveCacheHit } from "./cache_hit.ts";
import { handOff } from "./hand_off.ts";

Deno.exit((await serveCacheHit(Deno.args)) ? 0 : await handOff(Deno.args));
