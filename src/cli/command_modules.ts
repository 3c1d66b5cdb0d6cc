/**
 * Each command's module, imported when the command runs. The specifiers are literal, so that
 * the program bundle (scripts/bundle.ts) splits each command into a chunk of its own, loaded
 * only when that command runs, and `deno compile` finds them without being told.
 * tests/scripts/build_test.ts holds this list to the command table.
 *
 * @module
 */

import type { CommandModule } from "./command_context.ts";

/** The loader of each module the command table names, by that name. */
export const COMMAND_MODULES: Readonly<Record<string, () => Promise<CommandModule>>> = {
  "./commands/add.ts": () => import("./commands/add.ts"),
  "./commands/assume.ts": () => import("./commands/assume.ts"),
  "./commands/cache_clean.ts": () => import("./commands/cache_clean.ts"),
  "./commands/cache_list.ts": () => import("./commands/cache_list.ts"),
  "./commands/completion.ts": () => import("./commands/completion.ts"),
  "./commands/config_list.ts": () => import("./commands/config_list.ts"),
  "./commands/config_show_profile.ts": () => import("./commands/config_show_profile.ts"),
  "./commands/doctor.ts": () => import("./commands/doctor.ts"),
  "./commands/exec.ts": () => import("./commands/exec.ts"),
  "./commands/export.ts": () => import("./commands/export.ts"),
  "./commands/help.ts": () => import("./commands/help.ts"),
  "./commands/list.ts": () => import("./commands/list.ts"),
  "./commands/login.ts": () => import("./commands/login.ts"),
  "./commands/migrate.ts": () => import("./commands/migrate.ts"),
  "./commands/remove.ts": () => import("./commands/remove.ts"),
  "./commands/rotate.ts": () => import("./commands/rotate.ts"),
  "./commands/server.ts": () => import("./commands/server.ts"),
  "./commands/sso_login.ts": () => import("./commands/sso_login.ts"),
  "./commands/sso_logout.ts": () => import("./commands/sso_logout.ts"),
  "./commands/sso_populate.ts": () => import("./commands/sso_populate.ts"),
  "./commands/version.ts": () => import("./commands/version.ts"),
};
