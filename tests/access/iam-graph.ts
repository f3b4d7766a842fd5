/**
 * The permission matrix of a run: every registered IAM member resource read back as (member, role, resource),
 * roles expanded to permissions, and queries in IAM's terms (a grant on the project reaches every resource in it).
 * Also the access model's grants of the same run, resolved to the same terms, so the two can be compared.
 */
import type { RegisteredResource } from "../../cli/offline/mocks";
import { MOCK_PROJECT_NUMBER } from "../../cli/offline/mocks";
import type { CustomRoleKey, Grant, Principal, Target } from "../../infra/model/access";
import type { Actor, ResourceKind } from "../../infra/model/iam/exercises";
import { PREDEFINED_ROLES } from "../../infra/model/iam/role-permissions";
import type { CoursePlan, StudentPlan } from "../../infra/model/plan";

/** A resource grants can be on, in one canonical spelling: `<kind>:<id>`. */
export type ResourceKey = string;

export interface RegisteredGrant {
  readonly type: string;
  readonly name: string;
  readonly member: string;
  readonly role: string;
  readonly resource: ResourceKey;
}

export const key = (kind: ResourceKind | "other", id: string): ResourceKey => `${kind}:${id}`;
export const kindOf = (resource: ResourceKey): string => resource.slice(0, resource.indexOf(":"));

const str = (value: unknown) => String(value ?? "");

/** The resource each additive IAM member type grants on, read from its inputs. */
export const MEMBER_TYPES: Readonly<Record<string, (inputs: Record<string, unknown>) => ResourceKey>> = {
  "gcp:projects/iAMMember:IAMMember": (i) => key("project", str(i.project)),
  "gcp:compute/instanceIAMMember:InstanceIAMMember": (i) =>
    key("instance", `${str(i.project)}/${str(i.zone)}/${str(i.instanceName)}`),
  "gcp:iap/tunnelInstanceIAMMember:TunnelInstanceIAMMember": (i) =>
    key("iapTunnelInstance", `${str(i.project)}/${str(i.zone)}/${str(i.instance)}`),
  "gcp:storage/bucketIAMMember:BucketIAMMember": (i) => key("bucket", str(i.bucket)),
  "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember": (i) =>
    key("repository", `${str(i.project)}/${str(i.location)}/${str(i.repository)}`),
  "gcp:serviceaccount/iAMMember:IAMMember": (i) => key("serviceAccount", str(i.serviceAccountId)),
  "gcp:secretmanager/secretIamMember:SecretIamMember": (i) => key("secret", `${str(i.project)}/${str(i.secretId)}`),
};

export const isIamResource = (type: string) =>
  /(IAM|Iam)(Member|Binding|Policy)$/.test(type.slice(type.lastIndexOf(":") + 1));

export function registeredGrants(resources: readonly RegisteredResource[]): RegisteredGrant[] {
  return resources.flatMap((r) => {
    const target = MEMBER_TYPES[r.type];
    if (!target) return [];
    return [
      {
        type: r.type,
        name: r.name,
        member: str(r.inputs.member),
        role: str(r.inputs.role),
        resource: target(r.inputs),
      },
    ];
  });
}

/** Permissions of a registered role: predefined from the role table, custom from the registered custom role. */
export function roleExpander(
  resources: readonly RegisteredResource[],
): (role: string) => readonly string[] | undefined {
  const custom = new Map(
    resources
      .filter((r) => r.type === "gcp:projects/iAMCustomRole:IAMCustomRole")
      .map((r) => [
        `projects/${str(r.inputs.project)}/roles/${str(r.inputs.roleId)}`,
        r.inputs.permissions as string[],
      ]),
  );
  return (role) => custom.get(role) ?? PREDEFINED_ROLES[role]?.permissions;
}

/** Who holds which permission where, with IAM's inheritance from the project. */
export class PermissionMatrix {
  private readonly direct = new Map<string, Map<ResourceKey, Set<string>>>();

  constructor(
    grants: readonly RegisteredGrant[],
    expand: (role: string) => readonly string[] | undefined,
    private readonly project: ResourceKey,
  ) {
    for (const grant of grants) {
      const permissions = expand(grant.role);
      if (!permissions) throw new Error(`no permission data for ${grant.role} (granted by ${grant.name})`);
      const byResource = this.direct.get(grant.member) ?? new Map<ResourceKey, Set<string>>();
      const held = byResource.get(grant.resource) ?? new Set<string>();
      permissions.forEach((p) => held.add(p));
      byResource.set(grant.resource, held);
      this.direct.set(grant.member, byResource);
    }
  }

  /** Every permission `member` holds on `resource`, directly or through the project. */
  permissionsOn(member: string, resource: ResourceKey): Set<string> {
    const byResource = this.direct.get(member);
    return new Set([...(byResource?.get(resource) ?? []), ...(byResource?.get(this.project) ?? [])]);
  }

  holds(member: string, permission: string, resource: ResourceKey): boolean {
    return this.permissionsOn(member, resource).has(permission);
  }
}

/** Google's identities for the principals of the access model, in IAM member syntax. */
export function memberOf(principal: Principal, plan: CoursePlan): string {
  const student = (id: string) => plan.students.find((s) => s.key === id)!;
  switch (principal.kind) {
    case "student":
      return `user:${student(principal.student).email}`;
    case "workload":
      return `serviceAccount:${serviceAccountEmail(plan, student(principal.student))}`;
    case "githubRepository":
      return `principalSet://iam.googleapis.com/projects/${MOCK_PROJECT_NUMBER}/locations/global/workloadIdentityPools/${plan.names.workloadIdentityPool}/attribute.repository/${principal.repository}`;
    case "instructor":
      return `user:${principal.email}`;
    case "computeServiceAgent":
      return `serviceAccount:service-${MOCK_PROJECT_NUMBER}@compute-system.iam.gserviceaccount.com`;
    case "cloudBuildServiceAgent":
      return `serviceAccount:service-${MOCK_PROJECT_NUMBER}@gcp-sa-cloudbuild.iam.gserviceaccount.com`;
    case "storageLogDelivery":
      return "group:cloud-storage-analytics@google.com";
  }
}

export function serviceAccountEmail(plan: CoursePlan, student: StudentPlan): string {
  return `${student.names.serviceAccountId}@${plan.project}.iam.gserviceaccount.com`;
}

/** Name of the registered bucket whose name is `<prefix>-<8 hex>`. */
function bucketNamed(prefix: string, resources: readonly RegisteredResource[]): string {
  const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-[0-9a-f]{8}$`);
  const names = resources
    .filter((r) => r.type === "gcp:storage/bucket:Bucket")
    .map((r) => str(r.inputs.name))
    .filter((n) => pattern.test(n));
  if (names.length !== 1) throw new Error(`expected one bucket named ${prefix}-<suffix>, found ${names.join(", ")}`);
  return names[0]!;
}

/** The resources of one student, in the keys grants use. */
export function studentResources(
  plan: CoursePlan,
  student: StudentPlan,
  resources: readonly RegisteredResource[],
): Record<Exclude<ResourceKind, "project">, ResourceKey[]> {
  const vm = `${plan.project}/${student.vm.zone}/${student.vm.name}`;
  return {
    instance: [key("instance", vm)],
    iapTunnelInstance: [key("iapTunnelInstance", vm)],
    bucket: [key("bucket", bucketNamed(student.bucket.namePrefix, resources))],
    repository: [key("repository", `${plan.project}/${student.registry.location}/${student.registry.repositoryId}`)],
    serviceAccount: [
      key("serviceAccount", `projects/${plan.project}/serviceAccounts/${serviceAccountEmail(plan, student)}`),
    ],
    secret: student.secrets.map((s) => key("secret", `${plan.project}/${s}`)),
  };
}

/** The model's grant in the registered grants' terms. */
export function resolveModelGrant(
  grant: Grant,
  plan: CoursePlan,
  resources: readonly RegisteredResource[],
): Omit<RegisteredGrant, "type" | "name"> {
  const role = grant.role.startsWith("custom:")
    ? `projects/${plan.project}/roles/${plan.customRoles[grant.role.slice("custom:".length) as CustomRoleKey].id}`
    : grant.role;
  return { member: memberOf(grant.principal, plan), role, resource: resolveTarget(grant.target, plan, resources) };
}

function resolveTarget(target: Target, plan: CoursePlan, resources: readonly RegisteredResource[]): ResourceKey {
  if (target.kind === "project") return key("project", plan.project);
  if (target.kind === "accessLogBucket") return key("bucket", bucketNamed(plan.names.accessLogBucketPrefix, resources));
  if (target.kind === "githubTokenSecret") {
    const connection = plan.githubConnection;
    if (connection?.kind !== "create") throw new Error("a GitHub token grant without a created connection");
    return key("secret", `${plan.project}/${connection.tokenSecretId}`);
  }
  const student = plan.students.find((s) => s.key === target.student)!;
  const own = studentResources(plan, student, resources);
  if (target.kind === "secret") return key("secret", `${plan.project}/${target.secret}`);
  return own[target.kind][0]!;
}

/** The IAM member an actor of an exercise is, for one student; undefined when the student has no such actor. */
export function actorMember(actor: Actor, plan: CoursePlan, student: StudentPlan): string | undefined {
  switch (actor) {
    case "student":
      return memberOf({ kind: "student", student: student.key }, plan);
    case "workload":
      return memberOf({ kind: "workload", student: student.key }, plan);
    case "githubRepository":
      return plan.githubActions && student.build
        ? memberOf({ kind: "githubRepository", student: student.key, repository: student.build.repository }, plan)
        : undefined;
  }
}
