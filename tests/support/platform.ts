/**
 * Tests that drive Linux tools (setsid, /proc, tmux, Debian's AWS CLI and boto3, POSIX file
 * modes) run on Linux and are reported as ignored elsewhere, so the same test command runs on
 * the macOS and Windows CI runners.
 *
 * @module
 */

/** Registers a test that only runs on Linux. */
export function linuxTest(name: string, fn: () => void | Promise<void>): void {
  Deno.test({ name, ignore: Deno.build.os !== "linux", fn });
}
