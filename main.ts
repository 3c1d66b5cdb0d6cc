/**
 * Entry point of `vegas-credentials`. Everything happens in `src/cli/run.ts`.
 *
 * @module
 */

import { run } from "./src/cli/run.ts";
import { systemDeps } from "./src/system_deps.ts";

Deno.exit(await run(Deno.args, systemDeps()));
