/**
 * Entry point of `vegas-credentials`: the cache hit, else the full program (src/cli/entry.ts).
 *
 * @module
 */

import { entry } from "./src/cli/entry.ts";

Deno.exit(await entry(Deno.args));
