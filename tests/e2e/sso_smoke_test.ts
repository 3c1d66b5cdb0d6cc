import { runCli } from "../support/installed_cli.ts";
import { createSsoWorld } from "../support/sso_world.ts";

Deno.test("smoke", async () => {
  const world = await createSsoWorld();
  try {
    const r = await runCli(["assume", "--profile", "admin@corp", "--verbose"], world.ssoEnv());
    console.log(r.code, r.stdout, r.stderr);
    console.log(await Deno.readTextFile(world.tokenFile).catch((e) => String(e)));
    console.log(world.sts.sso.calls, await world.browserRuns());
    const d = await runCli(["assume", "--profile", "deploy@prod"], world.ssoEnv());
    console.log(d.code, d.stdout.slice(0, 80), d.stderr);
    console.log(world.sts.sso.calls);
  } finally {
    await world.close();
  }
});
