/** Logical names of IAM member resources: stable, derived from the grant, never from a position in a list. */
import type { Grant, Principal, Target } from "../model/access";

function principalPart(principal: Principal): string {
  switch (principal.kind) {
    case "student":
      return "student";
    case "workload":
      return "workload";
    case "instructor":
      return principal.email.toLowerCase();
    case "githubRepository":
      return `github-${principal.repository.toLowerCase()}`;
    case "computeServiceAgent":
      return "compute-agent";
    case "cloudBuildServiceAgent":
      return "cloudbuild-agent";
    case "storageLogDelivery":
      return "storage-logs";
  }
}

function targetPart(target: Target): string {
  return target.kind === "secret" ? `secret-${target.secret}` : target.kind;
}

export function grantResourceName(prefix: string, grant: Grant): string {
  const role = grant.role.replace(/^roles\//, "").replace(/^custom:/, "custom-");
  return `${prefix}-${targetPart(grant.target)}-${role}-${principalPart(grant.principal)}`;
}
