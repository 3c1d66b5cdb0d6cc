/**
 * Source kind: the source profile's own `credential_process` (a vault, another tool), run by us
 * with a bound, its group killed. A `credential_process` that runs vegas-credentials for this
 * same profile is not this kind: it is ours, for other AWS tools, and its key is in the keyring.
 *
 * @module
 */

import { profileNamedBy } from "../../config/vegas_command_line.ts";
import { ok } from "../../doctor/finding.ts";
import type { CredentialSource } from "./source.ts";

/** A `credential_process` of the source's own. */
export const processSource: CredentialSource = {
  kind: "process",
  temporary: false,
  claims(settings, name) {
    const process = settings?.get("credential_process");
    if (!process) return false;
    const named = profileNamedBy(process.value);
    return !(named.ours && named.profile === name);
  },
  async credentials({ settings, sourceProfile, deps, log, signal }) {
    const process = settings.get("credential_process")!;
    const { credentialsFromProcess } = await import("../source_process.ts");
    return credentialsFromProcess(
      process.value,
      `source profile "${sourceProfile}" (${process.file} line ${process.line})`,
      deps,
      log,
      signal,
    );
  },
  describe: () =>
    Promise.resolve({
      findings: [ok("its own credential_process")],
      text: "its own credential_process",
    }),
};
