/**
 * Which STS endpoint to call. Pure: no SDK here, so `config show-profile` can use it cheaply.
 *
 * @module
 */

import type { Deps } from "../deps.ts";

/**
 * `AWS_ENDPOINT_URL_STS`, else `AWS_ENDPOINT_URL`, else the regional endpoint
 * `https://sts.<region>.amazonaws.com` (`.amazonaws.com.cn` in China).
 */
export function stsEndpoint(region: string, deps: Pick<Deps, "env">): string {
  const override = deps.env("AWS_ENDPOINT_URL_STS") || deps.env("AWS_ENDPOINT_URL");
  if (override) return override;
  const suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return `https://sts.${region}.${suffix}`;
}
