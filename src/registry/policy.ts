import type { AuthPolicy } from "../opds/auth-document.ts";
import type { RegistryConfig } from "./config.ts";

/** The document rules a registry enforces, from the `policy` section of its config. */
export function policyOf(cfg: RegistryConfig): AuthPolicy {
  const p = cfg.policy;
  return {
    require_help: p.require_help,
    require_copyright_agent: p.require_copyright_agent,
    require_service_area: p.require_service_area,
    help_schemes: p.help_schemes,
  };
}
