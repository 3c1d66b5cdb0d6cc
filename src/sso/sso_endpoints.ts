/**
 * Where the SSO OIDC service and the SSO portal are, as the SDKs find them:
 * `AWS_ENDPOINT_URL_SSO_OIDC` / `AWS_ENDPOINT_URL_SSO`, else `AWS_ENDPOINT_URL`, else the
 * region's endpoint. Pure.
 *
 * @module
 */

import type { Deps } from "../deps.ts";

function suffix(region: string): string {
  return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
}

/** The OIDC endpoint of `region`. */
export function oidcEndpoint(region: string, deps: Pick<Deps, "env">): string {
  return deps.env("AWS_ENDPOINT_URL_SSO_OIDC") || deps.env("AWS_ENDPOINT_URL") ||
    `https://oidc.${region}.${suffix(region)}`;
}

/** The portal endpoint of `region`. */
export function portalEndpoint(region: string, deps: Pick<Deps, "env">): string {
  return deps.env("AWS_ENDPOINT_URL_SSO") || deps.env("AWS_ENDPOINT_URL") ||
    `https://portal.sso.${region}.${suffix(region)}`;
}
