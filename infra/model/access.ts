/**
 * The access model: who holds which role on which resource. It is the only place grants are decided; components
 * turn each grant into one additive IAM member resource, and tests check the registered grants against it.
 *
 * Rules: grants are resource-level wherever Google offers it (instance, IAP tunnel to an instance, bucket,
 * repository, service account, secret); project-level only where no resource-level form exists, and then with a
 * custom role holding only the permissions needed. No basic roles, no Service Account User or Token Creator at
 * project level, no user-managed keys, nobody holds both Service Account Admin and Service Account User.
 */

export type Principal =
  | { readonly kind: "student"; readonly student: string }
  | { readonly kind: "workload"; readonly student: string }
  | { readonly kind: "instructor"; readonly email: string }
  | { readonly kind: "githubRepository"; readonly student: string; readonly repository: string }
  | { readonly kind: "computeServiceAgent" }
  | { readonly kind: "cloudBuildServiceAgent" }
  | { readonly kind: "storageLogDelivery" };

export type Target =
  | { readonly kind: "project" }
  | { readonly kind: "instance"; readonly student: string }
  | { readonly kind: "iapTunnelInstance"; readonly student: string }
  | { readonly kind: "bucket"; readonly student: string }
  | { readonly kind: "repository"; readonly student: string }
  | { readonly kind: "serviceAccount"; readonly student: string }
  | { readonly kind: "secret"; readonly student: string; readonly secret: string }
  | { readonly kind: "accessLogBucket" }
  | { readonly kind: "githubTokenSecret" };

export interface Grant {
  readonly principal: Principal;
  /** `roles/...` for predefined roles, `custom:<key>` for the course's custom roles (see CUSTOM_ROLES). */
  readonly role: string;
  readonly target: Target;
  /** The exercise or duty the grant exists for. */
  readonly purpose: string;
}

export type CustomRoleKey = "studentVm" | "student" | "vmScheduler";

export interface CustomRoleDefinition {
  readonly title: string;
  readonly description: string;
  readonly permissions: readonly string[];
}

/** Custom roles, defined once per course; the only way students get project-level permissions. */
export const CUSTOM_ROLES: Readonly<Record<CustomRoleKey, CustomRoleDefinition>> = {
  studentVm: {
    title: "Course student on their VM",
    description:
      "Granted on one student VM: see it, start and stop it, log in through OS Login with sudo (Docker, packages).",
    // osAdminLogin (sudo) confers nothing beyond the VM: whoever logs in can already use the VM's service account
    // through the metadata server, and that account is the student's own.
    permissions: [
      "compute.instances.get",
      "compute.instances.getGuestAttributes",
      "compute.instances.osAdminLogin",
      "compute.instances.osLogin",
      "compute.instances.resume",
      "compute.instances.start",
      "compute.instances.stop",
      "compute.instances.suspend",
    ],
  },
  student: {
    title: "Course student",
    description:
      "Project-level permissions that have no resource-level form: read project metadata (gcloud compute ssh) and run Vertex AI custom jobs.",
    // Vertex AI custom jobs have no per-job IAM: whoever may create jobs in the project may also see and cancel
    // everyone's. A job runs as a service account the caller may act as, so a student's job reaches only that
    // student's bucket, repository and secrets.
    permissions: [
      "aiplatform.customJobs.cancel",
      "aiplatform.customJobs.create",
      "aiplatform.customJobs.get",
      "aiplatform.customJobs.list",
      "compute.projects.get",
    ],
  },
  vmScheduler: {
    title: "Course VM scheduler",
    description: "Lets the Compute Engine service agent run the nightly stop schedule.",
    permissions: ["compute.instances.start", "compute.instances.stop"],
  },
};

export const customRole = (key: CustomRoleKey) => `custom:${key}`;

/** Roles an instructor or TA gets on the project to run the class; none is a basic role, none can act as a service account. */
export const INSTRUCTOR_ROLES: readonly { role: string; purpose: string }[] = [
  { role: "roles/compute.instanceAdmin.v1", purpose: "start, stop, reset and inspect student VMs" },
  { role: "roles/logging.viewer", purpose: "read VM, build and job logs" },
  { role: "roles/cloudbuild.builds.viewer", purpose: "see student builds" },
  { role: "roles/artifactregistry.reader", purpose: "pull student images" },
  { role: "roles/aiplatform.viewer", purpose: "see Vertex AI jobs" },
];

export interface StudentAccessInput {
  readonly student: string;
  readonly secrets: readonly string[];
  /** `owner/name` when the student's GitHub Actions may impersonate their service account. */
  readonly githubActionsRepository?: string;
}

/** Every grant that concerns one student's resources. */
export function studentGrants(input: StudentAccessInput): Grant[] {
  const { student } = input;
  const me: Principal = { kind: "student", student };
  const workload: Principal = { kind: "workload", student };
  const grants: Grant[] = [
    {
      principal: me,
      role: customRole("studentVm"),
      target: { kind: "instance", student },
      purpose: "see, start, stop and log in (with sudo) to their VM",
    },
    {
      principal: me,
      role: "roles/iap.tunnelResourceAccessor",
      target: { kind: "iapTunnelInstance", student },
      purpose: "SSH to their VM through IAP",
    },
    {
      principal: me,
      role: "roles/iam.serviceAccountUser",
      target: { kind: "serviceAccount", student },
      purpose: "log in to a VM running as their service account; run Vertex AI jobs as it",
    },
    {
      principal: me,
      role: customRole("student"),
      target: { kind: "project" },
      purpose: "gcloud compute ssh; submit Vertex AI custom jobs",
    },
    {
      principal: me,
      role: "roles/storage.objectAdmin",
      target: { kind: "bucket", student },
      purpose: "read and write their DVC remote",
    },
    {
      principal: me,
      role: "roles/artifactregistry.writer",
      target: { kind: "repository", student },
      purpose: "push and pull their images",
    },
    {
      principal: workload,
      role: "roles/storage.objectAdmin",
      target: { kind: "bucket", student },
      purpose: "VM, jobs and builds use the DVC remote; build logs",
    },
    {
      principal: workload,
      role: "roles/artifactregistry.writer",
      target: { kind: "repository", student },
      purpose: "builds push images; jobs pull them",
    },
    {
      principal: workload,
      role: "roles/logging.logWriter",
      target: { kind: "project" },
      purpose: "VM, builds and jobs write logs",
    },
  ];
  for (const secret of input.secrets) {
    const target: Target = { kind: "secret", student, secret };
    grants.push(
      { principal: me, role: "roles/secretmanager.secretVersionAdder", target, purpose: "store their secret" },
      { principal: me, role: "roles/secretmanager.secretAccessor", target, purpose: "read their secret" },
      {
        principal: workload,
        role: "roles/secretmanager.secretAccessor",
        target,
        purpose: "VM, jobs and builds read the secret",
      },
    );
  }
  if (input.githubActionsRepository) {
    grants.push({
      principal: { kind: "githubRepository", student, repository: input.githubActionsRepository },
      role: "roles/iam.workloadIdentityUser",
      target: { kind: "serviceAccount", student },
      purpose: "their GitHub Actions impersonate their service account",
    });
  }
  return grants;
}

export interface CourseAccessInput {
  readonly instructors: readonly string[];
  /** The course creates its GitHub connection, so Cloud Build must read the token secret. */
  readonly createsGithubConnection: boolean;
}

/** Grants of the course as a whole: instructors, the stop schedule, access-log delivery, the GitHub connection. */
export function courseGrants({ instructors, createsGithubConnection }: CourseAccessInput): Grant[] {
  const grants: Grant[] = instructors.flatMap((email) =>
    INSTRUCTOR_ROLES.map(({ role, purpose }) => ({
      principal: { kind: "instructor", email } as const,
      role,
      target: { kind: "project" } as const,
      purpose,
    })),
  );
  grants.push(
    {
      principal: { kind: "computeServiceAgent" },
      role: customRole("vmScheduler"),
      target: { kind: "project" },
      purpose: "the nightly stop schedule stops VMs (without it the schedule silently does nothing)",
    },
    {
      principal: { kind: "storageLogDelivery" },
      role: "roles/storage.objectCreator",
      target: { kind: "accessLogBucket" },
      purpose: "Cloud Storage writes bucket access logs",
    },
  );
  if (createsGithubConnection) {
    grants.push({
      principal: { kind: "cloudBuildServiceAgent" },
      role: "roles/secretmanager.secretAccessor",
      target: { kind: "githubTokenSecret" },
      purpose: "Cloud Build reads the GitHub token of the connection",
    });
  }
  return grants;
}

/** What Google computes and the IAM member strings need: known only once the resources exist. */
export interface PrincipalIds {
  /** The student's Google account (from the roster). */
  readonly studentEmail?: string;
  /** The student's service account email. */
  readonly workloadEmail?: string;
  readonly projectNumber?: string;
  /** Full name of the course's workload identity pool (`projects/<number>/locations/global/workloadIdentityPools/<id>`). */
  readonly workloadIdentityPool?: string;
}

/** The IAM member string of a principal. */
export function memberOf(principal: Principal, ids: PrincipalIds): string {
  const need = (value: string | undefined, what: string): string => {
    if (value === undefined) throw new Error(`a grant to ${principal.kind} needs ${what}`);
    return value;
  };
  switch (principal.kind) {
    case "student":
      return `user:${need(ids.studentEmail, "the student's email")}`;
    case "workload":
      return `serviceAccount:${need(ids.workloadEmail, "the student's service account")}`;
    case "instructor":
      return `user:${principal.email}`;
    case "githubRepository":
      return `principalSet://iam.googleapis.com/${need(ids.workloadIdentityPool, "the workload identity pool")}/attribute.repository/${principal.repository}`;
    case "computeServiceAgent":
      return `serviceAccount:service-${need(ids.projectNumber, "the project number")}@compute-system.iam.gserviceaccount.com`;
    case "cloudBuildServiceAgent":
      return `serviceAccount:service-${need(ids.projectNumber, "the project number")}@gcp-sa-cloudbuild.iam.gserviceaccount.com`;
    case "storageLogDelivery":
      return "group:cloud-storage-analytics@google.com";
  }
}
