/**
 * The paths the credential server answers: `/` (the server's profile), `/role-arn/<ROLE-ARN>`
 * (that role, assumed with the server profile's credentials) and `/profile/<PROFILE>` (another
 * profile, only when `--allow-profile` names it or is `*`). Pure: the providers come in as
 * functions, built once per route and kept.
 *
 * @module
 */

import { checkRoleArn } from "../config/validate.ts";
import type { TemporaryCredentials } from "../credential_types.ts";
import { shown } from "../text/terminal_text.ts";

/** A path that serves credentials. */
export interface Route {
  /** Parallel requests with the same key share one call. */
  key: string;
  /** The role served, for the answer's `RoleArn`; empty when the credentials are no role's. */
  roleArn: string;
  /** Asks for the route's credentials (cached and refreshed as the provider's policy says). */
  credentials(): Promise<TemporaryCredentials>;
}

/** A path that does not: the status and the JSON error to answer with. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
}

/** What the routes are built from. */
export interface RouteSources {
  /** The server's profile, its role, and its credentials. */
  profile: string;
  roleArn: string;
  credentials(): Promise<TemporaryCredentials>;
  /** The provider of `roleArn` assumed with the server profile's credentials. */
  forRole(roleArn: string): Promise<() => Promise<TemporaryCredentials>>;
  /** The provider of another profile, as `assume` would serve it, with its role ARN. */
  forProfile(
    profile: string,
  ): Promise<{ roleArn: string; credentials: () => Promise<TemporaryCredentials> }>;
  /** `--allow-profile` values: profile names, or `*` for all. */
  allowedProfiles: readonly string[];
}

/** Turns a request path into its route, or the reason it has none. */
export function serverRoutes(
  sources: RouteSources,
): (path: string) => Promise<Route | Refusal> {
  const built = new Map<string, Promise<Route>>();
  const once = (key: string, build: () => Promise<Route>) => {
    let route = built.get(key);
    if (!route) {
      route = build();
      built.set(key, route);
      // A route that cannot be built (an unknown profile) is tried afresh next time.
      route.catch(() => built.delete(key));
    }
    return route;
  };
  const allowed = (profile: string) =>
    sources.allowedProfiles.includes("*") || sources.allowedProfiles.includes(profile);
  const routeOf = (path: string): Route | Refusal | Promise<Route> => {
    if (path === "/" || path === "") {
      return { key: "/", roleArn: sources.roleArn, credentials: sources.credentials };
    }
    const [, kind, rest] = /^\/(role-arn|profile)\/(.+)$/.exec(path) ?? [];
    let value: string;
    try {
      value = decodeURIComponent(rest ?? "");
    } catch {
      value = "";
    }
    if (kind === "role-arn") {
      const problem = checkRoleArn(value);
      if (problem) {
        return {
          status: 400,
          code: "InvalidRoleArn",
          message: `"${shown(value, 100)}" ${problem}`,
        };
      }
      return once(`role ${value}`, async () => ({
        key: `role ${value}`,
        roleArn: value,
        credentials: await sources.forRole(value),
      }));
    }
    if (kind === "profile" && value) {
      if (!allowed(value)) {
        return {
          status: 403,
          code: "ProfileNotAllowed",
          message: `This server serves profile "${shown(value, 64)}" only when started with ` +
            `--allow-profile ${shown(value, 64)} (or --allow-profile '*')`,
        };
      }
      if (value === sources.profile) {
        return { key: "/", roleArn: sources.roleArn, credentials: sources.credentials };
      }
      return once(`profile ${value}`, async () => {
        const found = await sources.forProfile(value);
        return { key: `profile ${value}`, ...found };
      });
    }
    return {
      status: 404,
      code: "NotFound",
      message: `No credentials at ${shown(path, 100)}: the paths are /, /role-arn/<role ARN> and ` +
        `/profile/<profile>`,
    };
  };
  return (path) => Promise.resolve(routeOf(path));
}
