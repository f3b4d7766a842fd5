/**
 * IAM: additive grants only, no public principals, no basic roles, no impersonation at project level, no
 * user-managed keys, separation of duties, and GitHub federation pinned to repositories (CIS Google Cloud Platform
 * Foundation Benchmark 1.4, 1.5, 1.6, 1.8, 5.1; Checkov CKV_GCP_28, CKV_GCP_41, CKV_GCP_49, CKV_GCP_117,
 * CKV_GCP_125).
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
  T,
  asArray,
  asString,
  at,
  isAuthoritativeIam,
  isHierarchyIam,
  isIamMember,
  known,
  resourcePolicy,
  stackPolicy,
  type Props,
} from "./support";

const PUBLIC_PRINCIPALS = ["allUsers", "allAuthenticatedUsers"];
const BASIC_ROLES = ["roles/owner", "roles/editor", "roles/viewer"];
/** Roles that let their holder act as, or manage, every service account below where they are granted (CKV_GCP_49). */
export const IMPERSONATION_ROLES = [
  "roles/iam.serviceAccountUser",
  "roles/iam.serviceAccountTokenCreator",
  "roles/iam.workloadIdentityUser",
  "roles/iam.serviceAccountAdmin",
  "roles/iam.serviceAccountKeyAdmin",
  "roles/iam.securityAdmin",
  "roles/resourcemanager.projectIamAdmin",
];
/** Cloud Storage ACL resources, whose entities can be public too. */
const STORAGE_ACLS = [
  "gcp:storage/bucketACL:BucketACL",
  "gcp:storage/bucketAccessControl:BucketAccessControl",
  "gcp:storage/defaultObjectACL:DefaultObjectACL",
  "gcp:storage/defaultObjectAccessControl:DefaultObjectAccessControl",
  "gcp:storage/objectACL:ObjectACL",
  "gcp:storage/objectAccessControl:ObjectAccessControl",
];

const isIamGrant = (type: string) => isIamMember(type) || isAuthoritativeIam(type);

/** Principals a grant names: `member` of a member resource, `members` of a binding. */
function principals(props: Props): string[] {
  return [props.member, ...asArray(props.members)].filter((m): m is string => typeof m === "string");
}

export const iamNoPublicPrincipals = resourcePolicy(
  {
    name: "iam-no-public-principals",
    description:
      "No grant or ACL names allUsers or allAuthenticatedUsers: nothing of the course is public (CIS 5.1; CKV_GCP_28).",
    remediationSteps: "Grant the role to the student or their service account instead.",
    severity: "critical",
  },
  (type) => isIamGrant(type) || STORAGE_ACLS.includes(type),
  (props, _args, report) => {
    const texts = [
      ...principals(props),
      asString(props.entity),
      ...asArray(props.roleEntities).map(String),
      asString(props.policyData),
    ].filter((t): t is string => t !== undefined);
    for (const principal of PUBLIC_PRINCIPALS) {
      if (texts.some((t) => t.includes(principal))) report(`the grant names ${principal}`);
    }
  },
);

export const iamAdditiveMembersOnly = resourcePolicy(
  {
    name: "iam-additive-members-only",
    description:
      "IAM is granted only with additive *IAMMember resources; authoritative bindings and policies would let one student's grants overwrite another's, and the project's own.",
    remediationSteps: "Use the matching IAMMember resource, one per principal and role.",
  },
  isAuthoritativeIam,
  (_props, args, report) => {
    report(`${args.type} replaces every other grant of its role or resource`);
  },
);

export const iamNoBasicRoles = resourcePolicy(
  {
    name: "iam-no-basic-roles",
    description:
      "Nobody gets Owner, Editor or Viewer: basic roles span every service of the project (CKV_GCP_117; CIS 1.5 forbids them for service accounts).",
    remediationSteps: "Grant a predefined or custom role with only the permissions needed.",
    severity: "critical",
  },
  isIamGrant,
  (props, _args, report) => {
    const role = asString(props.role);
    if (role && BASIC_ROLES.includes(role)) report(`grants the basic role ${role}`);
  },
);

export const iamNoImpersonationAtProjectLevel = resourcePolicy(
  {
    name: "iam-no-impersonation-at-project-level",
    description:
      "Service Account User, Token Creator and the other roles that act as or manage service accounts are granted on one service account, never on the project, folder or organization, where they would reach every account (CIS 1.6; CKV_GCP_41, CKV_GCP_49).",
    remediationSteps: "Grant the role on the one service account (serviceaccount.IAMMember).",
    severity: "critical",
  },
  isHierarchyIam,
  (props, _args, report) => {
    const role = asString(props.role);
    if (role && IMPERSONATION_ROLES.includes(role)) report(`grants ${role} on the whole ${hierarchyLevel(props)}`);
  },
);

function hierarchyLevel(props: Props): string {
  return props.folder !== undefined ? "folder" : props.orgId !== undefined ? "organization" : "project";
}

export const iamNoServiceAccountKeys = resourcePolicy(
  {
    name: "iam-no-service-account-keys",
    description:
      "No user-managed service account keys: workloads use attached accounts, CI uses Workload Identity Federation (CIS 1.4).",
    remediationSteps: "Remove the key; use Workload Identity Federation or an attached service account.",
    severity: "critical",
  },
  [T.serviceAccountKey],
  (_props, _args, report) => {
    report("creates a user-managed service account key");
  },
);

const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
/** Claims that pin a GitHub token to repositories (`repository_owner` pins a whole organization). */
const PINNING_CLAIMS = /assertion\.(repository|repository_id|repository_owner|repository_owner_id|sub)\b/;

export const workloadIdentityProviderCondition = resourcePolicy(
  {
    name: "workload-identity-provider-condition",
    description:
      "Every workload identity provider has an attribute condition; a GitHub provider's condition pins the allowed repositories, or any GitHub repository could exchange tokens (CKV_GCP_125).",
    remediationSteps: "Set attributeCondition, e.g. assertion.repository in ['org/repo'].",
    severity: "critical",
  },
  [T.workloadIdentityProvider],
  (props, _args, report) => {
    const condition = asString(props.attributeCondition)?.trim() ?? "";
    if (condition === "") {
      report("the provider has no attribute condition");
    } else if (at(props, "oidc", "issuerUri") === GITHUB_ISSUER && !PINNING_CLAIMS.test(condition)) {
      report(`the condition "${condition}" does not pin GitHub repositories`);
    }
  },
);

export const iamSeparationOfDuties = stackPolicy(
  {
    name: "iam-separation-of-duties",
    description:
      "No principal holds both Service Account Admin and Service Account User: together they let it grant itself any service account (CIS 1.8).",
    remediationSteps: "Give the two roles to different principals.",
  },
  (resources, _args, report) => {
    const roles = new Map<string, Set<string>>();
    for (const resource of resources) {
      if (!isIamGrant(resource.type)) continue;
      const role = known(() => asString(resource.props.role));
      if (!role) continue;
      for (const principal of known(() => principals(resource.props)) ?? []) {
        roles.set(principal, (roles.get(principal) ?? new Set()).add(role));
      }
    }
    for (const [principal, held] of roles) {
      if (held.has("roles/iam.serviceAccountAdmin") && held.has("roles/iam.serviceAccountUser")) {
        report(`${principal} holds both Service Account Admin and Service Account User`);
      }
    }
  },
);

export const IAM_RESOURCE_POLICIES: readonly ResourceValidationPolicy[] = [
  iamNoPublicPrincipals,
  iamAdditiveMembersOnly,
  iamNoBasicRoles,
  iamNoImpersonationAtProjectLevel,
  iamNoServiceAccountKeys,
  workloadIdentityProviderCondition,
];

export const IAM_STACK_POLICIES: readonly StackValidationPolicy[] = [iamSeparationOfDuties];
