/**
 * What the installed command runs (bundled into one file by scripts/bundle.ts, started with no
 * config file: src/cli/launch_flags.ts): the cache hit, else the full program bundle beside it
 * (src/cli/installed_program.ts), imported in the same process. `main.ts`, which `deno compile`
 * builds and the checkout runs, loads the full program from source instead (src/cli/entry.ts).
 *
 * @module
 */

import { importLazily } from "../lazy_import.ts";
import { serveCacheHit } from "./cache_hit.ts";
import { localPath, PROGRAM_ENTRY, RECORD_NAME } from "./install_layout.ts";

const served = await serveCacheHit(Deno.args);
if (served !== undefined) Deno.exit(served);
let program: typeof import("./installed_program.ts");
try {
  program = await importLazily(new URL(PROGRAM_ENTRY, import.meta.url));
} catch (error) {
  const message = `vegas-credentials: cannot load the full program beside ${
    localPath(new URL(import.meta.url))
  } (${(error as Error).message.split("\n")[0]}); reinstall with deno task install\n`;
  Deno.stderr.writeSync(new TextEncoder().encode(message));
  Deno.exit(1);
}
Deno.exit(
  await program.runInstalled(Deno.args, localPath(new URL(`./${RECORD_NAME}`, import.meta.url))),
);
