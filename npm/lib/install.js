"use strict";
/**
 * Downloads the release binary for this machine, verifies it against the SHA-256 list shipped
 * inside this package, and installs it atomically (temporary file, verify, chmod, rename).
 * Nothing half-downloaded or unverified is ever left where it would run.
 *
 * The download base URL comes from `VEGAS_CREDENTIALS_DOWNLOAD_URL` (for mirrors), else from
 * package.json. Assets live at `<base>/v<version>/<asset>`.
 */

const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { assetFor } = require("./platform.js");

const PACKAGE_DIR = path.resolve(__dirname, "..");

/** The package.json of this package. */
function packageInfo(dir = PACKAGE_DIR) {
  return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
}

/** The expected SHA-256 of `asset`, from the package's SHA256SUMS. */
function expectedSha256(asset, dir = PACKAGE_DIR) {
  let text;
  try {
    text = fs.readFileSync(path.join(dir, "SHA256SUMS"), "utf8");
  } catch {
    throw new Error(
      "this vegas-credentials package has no SHA256SUMS, so no download can be verified; " +
        "install a released version (npm install -g vegas-credentials)",
    );
  }
  for (const line of text.split(/\r?\n/)) {
    const match = /^([0-9a-f]{64})\s+\*?(\S+)$/.exec(line.trim());
    if (match && match[2] === asset) return match[1];
  }
  throw new Error(`SHA256SUMS in this package has no entry for ${asset}`);
}

/** Where the binary is installed: `vendor/` inside the package. */
function binaryPath(asset, dir = PACKAGE_DIR) {
  return path.join(dir, "vendor", asset);
}

function describeNetworkError(error) {
  const reasons = {
    ECONNREFUSED: "connection refused",
    ENOTFOUND: "host not found",
    EAI_AGAIN: "name lookup failed",
    ETIMEDOUT: "timed out",
    ECONNRESET: "connection reset",
    UND_ERR_SOCKET: "connection closed",
  };
  // Node's fetch wraps the system error: "fetch failed", cause (an AggregateError, sometimes).
  const queue = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== "object") continue;
    if (reasons[current.code]) return reasons[current.code];
    if (current.cause) queue.push(current.cause);
    if (Array.isArray(current.errors)) queue.push(...current.errors);
  }
  return (error && error.message) || String(error);
}

/** Fetches `url` fully; checks the length against Content-Length. */
async function download(url) {
  let response;
  try {
    response = await fetch(url, { redirect: "follow" });
  } catch (error) {
    throw new Error(
      `cannot download ${url} (${describeNetworkError(error)}); check your network, or set ` +
        `VEGAS_CREDENTIALS_DOWNLOAD_URL to a mirror`,
    );
  }
  if (!response.ok) {
    throw new Error(
      `cannot download ${url}: HTTP ${response.status}${
        response.status === 404 ? " (no such release asset)" : ""
      }`,
    );
  }
  const expectedLength = Number(response.headers.get("content-length"));
  let body;
  try {
    body = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw new Error(`the download of ${url} broke off (${describeNetworkError(error)}); try again`);
  }
  if (expectedLength && body.length !== expectedLength) {
    throw new Error(
      `the download of ${url} is incomplete (${body.length} of ${expectedLength} bytes); try again`,
    );
  }
  return body;
}

/**
 * Makes sure the verified binary for this machine is installed; returns its path. `log` hears
 * progress (meant for stderr: stdout belongs to the credential JSON).
 */
async function ensureBinary(options = {}) {
  const dir = options.packageDir || PACKAGE_DIR;
  const env = options.env || process.env;
  const log = options.log || (() => {});
  const info = packageInfo(dir);
  const asset = assetFor(
    info.version,
    options.platform || process.platform,
    options.arch || process.arch,
  );
  const target = binaryPath(asset, dir);
  if (fs.existsSync(target)) return target;
  const expected = expectedSha256(asset, dir);
  const base = (env.VEGAS_CREDENTIALS_DOWNLOAD_URL || info.vegasCredentials.downloadBaseUrl)
    .replace(/\/+$/, "");
  const url = `${base}/v${info.version}/${asset}`;
  log(`vegas-credentials: downloading ${url}`);
  const body = await download(url);
  const actual = crypto.createHash("sha256").update(body).digest("hex");
  if (actual !== expected) {
    throw new Error(
      `the downloaded ${asset} does not match the SHA-256 shipped in this package (expected ` +
        `${expected}, got ${actual}); it was not installed`,
    );
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  try {
    fs.writeFileSync(temporary, body, { mode: 0o755 });
    fs.chmodSync(temporary, 0o755);
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new Error(`cannot install ${target}: ${error.message}`);
  }
  log(`vegas-credentials: installed ${asset} (SHA-256 verified)`);
  return target;
}

module.exports = { ensureBinary, expectedSha256, binaryPath, download };
