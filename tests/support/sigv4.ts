/**
 * Verifies AWS Signature Version 4 on requests that reach the loopback STS, the way AWS does:
 * rebuild the canonical request from what arrived, sign it with the secret we know for the
 * access key, and compare.
 *
 * @module
 */

import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** The parts of an `Authorization: AWS4-HMAC-SHA256 …` header. */
export interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Why a signature was refused, or the access key it was made with. */
export type SignatureCheck =
  | { ok: true; auth: ParsedAuthorization }
  | {
    ok: false;
    code: "MissingAuthenticationToken" | "IncompleteSignature" | "SignatureDoesNotMatch";
    message: string;
  };

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

/** Parses the Authorization header; `undefined` when it is not SigV4. */
export function parseAuthorization(header: string | null): ParsedAuthorization | undefined {
  const match = header ? AUTH.exec(header.trim()) : null;
  if (!match) return undefined;
  return {
    accessKeyId: match[1],
    date: match[2],
    region: match[3],
    service: match[4],
    signedHeaders: match[5].split(";"),
    signature: match[6],
  };
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: string | Uint8Array, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

function canonicalQuery(search: URLSearchParams): string {
  return [...search.entries()]
    .map(([key, value]) => [uriEncode(key), uriEncode(value)])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
}

/** Checks the signature of a request whose body has been read into `body`. */
export function verifySignature(
  request: { method: string; url: string; headers: Headers },
  body: Uint8Array,
  secretFor: (accessKeyId: string) => string | undefined,
  now: number = Date.now(),
  service = "sts",
): SignatureCheck | { ok: false; code: "InvalidClientTokenId"; message: string } {
  const auth = parseAuthorization(request.headers.get("authorization"));
  if (!auth) {
    return {
      ok: false,
      code: "MissingAuthenticationToken",
      message: "Request is missing Authentication Token",
    };
  }
  const amzDate = request.headers.get("x-amz-date") ?? "";
  if (
    !/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== auth.date || auth.service !== service
  ) {
    return {
      ok: false,
      code: "IncompleteSignature",
      message: "Credential scope does not match the request",
    };
  }
  const signedAt = Date.UTC(
    +amzDate.slice(0, 4),
    +amzDate.slice(4, 6) - 1,
    +amzDate.slice(6, 8),
    +amzDate.slice(9, 11),
    +amzDate.slice(11, 13),
    +amzDate.slice(13, 15),
  );
  if (Math.abs(now - signedAt) > 15 * 60_000) {
    return {
      ok: false,
      code: "SignatureDoesNotMatch",
      message: "Signature expired: the request time is too skewed",
    };
  }
  if (!auth.signedHeaders.includes("host")) {
    return { ok: false, code: "SignatureDoesNotMatch", message: "The host header must be signed" };
  }
  const secret = secretFor(auth.accessKeyId);
  if (secret === undefined) {
    return {
      ok: false,
      code: "InvalidClientTokenId",
      message: "The security token included in the request is invalid.",
    };
  }
  const url = new URL(request.url);
  const headerLines = auth.signedHeaders.map((name) => {
    const value = request.headers.get(name) ?? "";
    return `${name}:${value.trim().replace(/\s+/g, " ")}\n`;
  }).join("");
  const payloadHash = request.headers.get("x-amz-content-sha256") ?? sha256Hex(body);
  if (payloadHash !== "UNSIGNED-PAYLOAD" && payloadHash !== sha256Hex(body)) {
    return {
      ok: false,
      code: "SignatureDoesNotMatch",
      message: "The payload hash does not match the body",
    };
  }
  const canonicalPath =
    url.pathname.split("/").map((segment) => uriEncode(decodeURIComponent(segment))).join("/") ||
    "/";
  const canonicalRequest = [
    request.method,
    canonicalPath,
    canonicalQuery(url.searchParams),
    headerLines,
    auth.signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const kDate = hmac("AWS4" + secret, auth.date);
  const kSigning = hmac(hmac(hmac(kDate, auth.region), auth.service), "aws4_request");
  const expected = hmac(kSigning, stringToSign);
  const given = Buffer.from(auth.signature, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      ok: false,
      code: "SignatureDoesNotMatch",
      message: "The request signature we calculated does not match the signature you provided.",
    };
  }
  return { ok: true, auth };
}
