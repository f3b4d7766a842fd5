/**
 * The exercises of the course's cloud module, as the permissions each needs on which of the student's resources.
 * Tests expand the registered grants into permissions and check every exercise against them: possible for the
 * student it belongs to, impossible on anyone else's resources.
 *
 * Sources for what each tool calls: cloud.google.com/compute/docs/connect/ssh-using-iap and
 * /compute/docs/oslogin/set-up-oslogin (SSH through IAP with OS Login, to a VM that runs as a service account),
 * /vertex-ai/docs/general/custom-service-account (custom jobs as a user-managed service account),
 * /build/docs/securing-builds/configure-user-specified-service-accounts (build logs with a user-specified account),
 * /artifact-registry/docs/docker/pushing-and-pulling, /secret-manager/docs/access-secret-version.
 */

/** A resource of one student (or the project the course lives in). */
export type ResourceKind =
  "project" | "instance" | "iapTunnelInstance" | "bucket" | "repository" | "serviceAccount" | "secret";

/**
 * Who performs an exercise: the student (their Google account), their workloads (VM, Vertex AI jobs and builds,
 * all running as the student's service account), or the GitHub Actions of their repository.
 */
export type Actor = "student" | "workload" | "githubRepository";

export interface ExerciseStep {
  readonly permission: string;
  readonly on: ResourceKind;
}

export interface Exercise {
  readonly id: string;
  readonly title: string;
  readonly actor: Actor;
  /** Every permission the exercise needs; a step on `secret` is needed on each of the student's secrets. */
  readonly steps: readonly ExerciseStep[];
  /** Only in courses that give students secrets, or that turn on GitHub Actions federation. */
  readonly requires?: "secrets" | "githubActions";
  readonly note?: string;
}

const SSH_THROUGH_IAP: readonly ExerciseStep[] = [
  { permission: "compute.projects.get", on: "project" },
  { permission: "compute.instances.get", on: "instance" },
  { permission: "iap.tunnelInstances.accessViaIAP", on: "iapTunnelInstance" },
  { permission: "compute.instances.osLogin", on: "instance" },
  // OS Login refuses users who may not act as the service account the VM runs as.
  { permission: "iam.serviceAccounts.actAs", on: "serviceAccount" },
];

export const EXERCISES: readonly Exercise[] = [
  {
    id: "ssh",
    title: "SSH into their VM through IAP (gcloud compute ssh --tunnel-through-iap)",
    actor: "student",
    steps: SSH_THROUGH_IAP,
  },
  {
    id: "sudo",
    title: "Administer their VM with sudo (Docker, packages)",
    actor: "student",
    steps: [...SSH_THROUGH_IAP, { permission: "compute.instances.osAdminLogin", on: "instance" }],
  },
  {
    id: "start-stop",
    title: "Start and stop their VM",
    actor: "student",
    steps: [
      { permission: "compute.instances.get", on: "instance" },
      { permission: "compute.instances.start", on: "instance" },
      { permission: "compute.instances.stop", on: "instance" },
    ],
  },
  {
    id: "dvc",
    title: "Read and write their bucket as a DVC remote (version_aware)",
    actor: "student",
    steps: [
      { permission: "storage.objects.list", on: "bucket" },
      { permission: "storage.objects.get", on: "bucket" },
      { permission: "storage.objects.create", on: "bucket" },
      { permission: "storage.objects.delete", on: "bucket" },
    ],
  },
  {
    id: "docker",
    title: "Push and pull images of their Docker repository",
    actor: "student",
    steps: [
      { permission: "artifactregistry.repositories.uploadArtifacts", on: "repository" },
      { permission: "artifactregistry.repositories.downloadArtifacts", on: "repository" },
    ],
  },
  {
    id: "vertex-job",
    title: "Submit a Vertex AI custom job that runs as their service account, staged in their bucket",
    actor: "student",
    steps: [
      { permission: "aiplatform.customJobs.create", on: "project" },
      { permission: "aiplatform.customJobs.get", on: "project" },
      { permission: "iam.serviceAccounts.actAs", on: "serviceAccount" },
      { permission: "storage.objects.create", on: "bucket" },
    ],
    note: "Vertex AI pulls the job's image with its own service agent, which reads repositories of its project.",
  },
  {
    id: "build-logs",
    title: "Read the logs of their builds",
    actor: "student",
    steps: [
      { permission: "storage.objects.list", on: "bucket" },
      { permission: "storage.objects.get", on: "bucket" },
    ],
    note:
      "A build that runs as a user-specified service account must log to Cloud Logging or to a bucket of the user. " +
      "The student's build config sets `logsBucket` to their bucket (its name is in their handout and in the " +
      "build's _BUCKET substitution) and the student reads log-<build id>.txt there. Reading Cloud Logging or listing builds is project-wide and " +
      "would show every student's builds, so students get neither.",
  },
  {
    id: "secrets",
    title: "Store and read their secrets",
    actor: "student",
    requires: "secrets",
    steps: [
      { permission: "secretmanager.versions.add", on: "secret" },
      { permission: "secretmanager.versions.access", on: "secret" },
    ],
  },
  {
    id: "build-push",
    title: "Their builds push images to their repository and write logs, running as their service account",
    actor: "workload",
    steps: [
      { permission: "artifactregistry.repositories.uploadArtifacts", on: "repository" },
      { permission: "artifactregistry.repositories.downloadArtifacts", on: "repository" },
      { permission: "storage.objects.create", on: "bucket" },
      { permission: "logging.logEntries.create", on: "project" },
    ],
  },
  {
    id: "workload-data",
    title: "Their VM and jobs use the DVC remote and pull their images",
    actor: "workload",
    steps: [
      { permission: "storage.objects.list", on: "bucket" },
      { permission: "storage.objects.get", on: "bucket" },
      { permission: "storage.objects.create", on: "bucket" },
      { permission: "storage.objects.delete", on: "bucket" },
      { permission: "artifactregistry.repositories.downloadArtifacts", on: "repository" },
    ],
  },
  {
    id: "workload-secrets",
    title: "Their VM, jobs and builds read their secrets",
    actor: "workload",
    requires: "secrets",
    steps: [{ permission: "secretmanager.versions.access", on: "secret" }],
  },
  {
    id: "github-actions",
    title: "Their repository's GitHub Actions impersonate their service account",
    actor: "githubRepository",
    requires: "githubActions",
    steps: [{ permission: "iam.serviceAccounts.getAccessToken", on: "serviceAccount" }],
  },
];

/** Permission prefixes that act on a kind of resource: what "a permission on that resource" means. */
export const RESOURCE_PERMISSION_PREFIXES: Readonly<Record<Exclude<ResourceKind, "project">, readonly string[]>> = {
  instance: ["compute.instances."],
  iapTunnelInstance: ["iap.tunnelInstances."],
  bucket: [
    "storage.objects.",
    "storage.buckets.",
    "storage.managedFolders.",
    "storage.folders.",
    "storage.multipartUploads.",
  ],
  repository: ["artifactregistry."],
  serviceAccount: ["iam.serviceAccounts."],
  secret: ["secretmanager."],
};
