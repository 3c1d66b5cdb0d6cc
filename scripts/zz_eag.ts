import { eagerFunctions } from "./eager_functions.ts";
const dir = Deno.args[0]; const only = undefined;
for (const e of Deno.readDirSync(dir)) {
  const t = Deno.readTextFileSync(`${dir}/${e.name}`);
  if (t.includes("node_require.js") || e.name === "node_require.js") continue;
  if (only && !only.has(e.name)) continue;
  Deno.writeTextFileSync(`${dir}/${e.name}`, eagerFunctions(t));
}
