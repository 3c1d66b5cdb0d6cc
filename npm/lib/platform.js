"use strict";
/**
 * Which release binary fits this machine: Node's platform and architecture, mapped to the
 * `deno compile` target the binary was built for.
 */

const TARGETS = {
  "linux-x64": "x86_64-unknown-linux-gnu",
  "linux-arm64": "aarch64-unknown-linux-gnu",
  "darwin-x64": "x86_64-apple-darwin",
  "darwin-arm64": "aarch64-apple-darwin",
  "win32-x64": "x86_64-pc-windows-msvc",
  "win32-arm64": "aarch64-pc-windows-msvc",
};

/** The release asset name for a version, platform and architecture; throws when there is none. */
function assetFor(version, platform, arch) {
  const target = TARGETS[`${platform}-${arch}`];
  if (!target) {
    throw new Error(
      `vegas-credentials has no binary for ${platform}/${arch}; the supported platforms are ` +
        `${Object.keys(TARGETS).join(", ")}. Install it from source instead: deno task install`,
    );
  }
  return `vegas-credentials-${version}-${target}${platform === "win32" ? ".exe" : ""}`;
}

module.exports = { assetFor, TARGETS };
