/**
 * What the predefined roles of the access model carry, as data, so that tests can expand every registered grant
 * into permissions and prove each course exercise possible for its owner and impossible for anyone else.
 *
 * Source: Google's role reference, cloud.google.com/iam/docs/roles-permissions/<service> (the page of each role
 * is named below), whose lists come from the IAM roles API (`gcloud iam roles describe <role>`). Read on
 * 2026-11-28 from the API's listing as mirrored in github.com/UnitVectorY-Labs/gcp-iam-catalog
 * (`iam/roles-<role>.json`). Google adds permissions to predefined roles over time; re-read the pages when a
 * test based on this table and the cloud disagree.
 *
 * Roles held by students, their service accounts and their GitHub repositories are listed in full (`complete`),
 * so that "this student holds no permission on that student's resources" is a sound check. Instructor roles are
 * large administrative roles; only the permissions the course's duties and checks look at are kept, and they are
 * marked incomplete.
 */

import { CUSTOM_ROLES, type CustomRoleKey } from "../access";

export const ROLE_PERMISSIONS_READ_ON = "2026-11-28";

export interface RolePermissions {
  readonly title: string;
  /** The reference page listing the role. */
  readonly source: string;
  /** True when `permissions` is the role's full list; false when only a sourced subset is kept. */
  readonly complete: boolean;
  readonly permissions: readonly string[];
}

const page = (service: string) => `cloud.google.com/iam/docs/roles-permissions/${service}`;

export const PREDEFINED_ROLES: Readonly<Record<string, RolePermissions>> = {
  "roles/iap.tunnelResourceAccessor": {
    title: "IAP-secured Tunnel User",
    source: page("iap"),
    complete: true,
    permissions: ["iap.tunnelDestGroups.accessViaIAP", "iap.tunnelInstances.accessViaIAP"],
  },
  "roles/iam.serviceAccountUser": {
    title: "Service Account User",
    source: page("iam"),
    complete: true,
    permissions: [
      "iam.serviceAccounts.actAs",
      "iam.serviceAccounts.get",
      "iam.serviceAccounts.list",
      "resourcemanager.projects.get",
      "resourcemanager.projects.list",
    ],
  },
  "roles/iam.workloadIdentityUser": {
    title: "Workload Identity User",
    source: page("iam"),
    complete: true,
    permissions: [
      "iam.serviceAccounts.get",
      "iam.serviceAccounts.getAccessToken",
      "iam.serviceAccounts.getOpenIdToken",
      "iam.serviceAccounts.list",
    ],
  },
  "roles/storage.objectAdmin": {
    title: "Storage Object Admin",
    source: page("storage"),
    complete: true,
    permissions: [
      "monitoring.timeSeries.create",
      "orgpolicy.policy.get",
      "resourcemanager.projects.get",
      "resourcemanager.projects.list",
      "storage.folders.create",
      "storage.folders.delete",
      "storage.folders.get",
      "storage.folders.list",
      "storage.folders.rename",
      "storage.managedFolders.create",
      "storage.managedFolders.delete",
      "storage.managedFolders.get",
      "storage.managedFolders.list",
      "storage.multipartUploads.abort",
      "storage.multipartUploads.create",
      "storage.multipartUploads.list",
      "storage.multipartUploads.listParts",
      "storage.objects.create",
      "storage.objects.delete",
      "storage.objects.get",
      "storage.objects.getIamPolicy",
      "storage.objects.list",
      "storage.objects.move",
      "storage.objects.overrideUnlockedRetention",
      "storage.objects.restore",
      "storage.objects.setIamPolicy",
      "storage.objects.setRetention",
      "storage.objects.update",
    ],
  },
  "roles/storage.objectCreator": {
    title: "Storage Object Creator",
    source: page("storage"),
    complete: true,
    permissions: [
      "orgpolicy.policy.get",
      "resourcemanager.projects.get",
      "resourcemanager.projects.list",
      "storage.folders.create",
      "storage.managedFolders.create",
      "storage.multipartUploads.abort",
      "storage.multipartUploads.create",
      "storage.multipartUploads.listParts",
      "storage.objects.create",
    ],
  },
  "roles/artifactregistry.writer": {
    title: "Artifact Registry Writer",
    source: page("artifactregistry"),
    complete: true,
    permissions: [
      "artifactregistry.aptartifacts.create",
      "artifactregistry.attachments.create",
      "artifactregistry.attachments.get",
      "artifactregistry.attachments.list",
      "artifactregistry.dockerimages.get",
      "artifactregistry.dockerimages.list",
      "artifactregistry.files.download",
      "artifactregistry.files.get",
      "artifactregistry.files.list",
      "artifactregistry.files.update",
      "artifactregistry.files.upload",
      "artifactregistry.kfpartifacts.create",
      "artifactregistry.locations.get",
      "artifactregistry.locations.list",
      "artifactregistry.mavenartifacts.get",
      "artifactregistry.mavenartifacts.list",
      "artifactregistry.npmpackages.get",
      "artifactregistry.npmpackages.list",
      "artifactregistry.packages.get",
      "artifactregistry.packages.list",
      "artifactregistry.packages.update",
      "artifactregistry.projectsettings.get",
      "artifactregistry.pythonpackages.get",
      "artifactregistry.pythonpackages.list",
      "artifactregistry.repositories.downloadArtifacts",
      "artifactregistry.repositories.get",
      "artifactregistry.repositories.list",
      "artifactregistry.repositories.listEffectiveTags",
      "artifactregistry.repositories.listTagBindings",
      "artifactregistry.repositories.readViaVirtualRepository",
      "artifactregistry.repositories.uploadArtifacts",
      "artifactregistry.rules.get",
      "artifactregistry.rules.list",
      "artifactregistry.tags.create",
      "artifactregistry.tags.get",
      "artifactregistry.tags.list",
      "artifactregistry.tags.update",
      "artifactregistry.versions.get",
      "artifactregistry.versions.list",
      "artifactregistry.yumartifacts.create",
      "resourcemanager.projects.get",
    ],
  },
  "roles/artifactregistry.reader": {
    title: "Artifact Registry Reader",
    source: page("artifactregistry"),
    complete: true,
    permissions: [
      "artifactregistry.attachments.get",
      "artifactregistry.attachments.list",
      "artifactregistry.dockerimages.get",
      "artifactregistry.dockerimages.list",
      "artifactregistry.files.download",
      "artifactregistry.files.get",
      "artifactregistry.files.list",
      "artifactregistry.locations.get",
      "artifactregistry.locations.list",
      "artifactregistry.mavenartifacts.get",
      "artifactregistry.mavenartifacts.list",
      "artifactregistry.npmpackages.get",
      "artifactregistry.npmpackages.list",
      "artifactregistry.packages.get",
      "artifactregistry.packages.list",
      "artifactregistry.projectsettings.get",
      "artifactregistry.pythonpackages.get",
      "artifactregistry.pythonpackages.list",
      "artifactregistry.repositories.downloadArtifacts",
      "artifactregistry.repositories.get",
      "artifactregistry.repositories.list",
      "artifactregistry.repositories.listEffectiveTags",
      "artifactregistry.repositories.listTagBindings",
      "artifactregistry.repositories.readViaVirtualRepository",
      "artifactregistry.rules.get",
      "artifactregistry.rules.list",
      "artifactregistry.tags.get",
      "artifactregistry.tags.list",
      "artifactregistry.versions.get",
      "artifactregistry.versions.list",
      "resourcemanager.projects.get",
    ],
  },
  "roles/logging.logWriter": {
    title: "Logs Writer",
    source: page("logging"),
    complete: true,
    permissions: ["logging.logEntries.create", "logging.logEntries.route"],
  },
  "roles/logging.viewer": {
    title: "Logs Viewer",
    source: page("logging"),
    complete: true,
    permissions: [
      "logging.buckets.get",
      "logging.buckets.list",
      "logging.exclusions.get",
      "logging.exclusions.list",
      "logging.links.get",
      "logging.links.list",
      "logging.locations.get",
      "logging.locations.list",
      "logging.logEntries.list",
      "logging.logMetrics.get",
      "logging.logMetrics.list",
      "logging.logScopes.get",
      "logging.logScopes.list",
      "logging.logServiceIndexes.list",
      "logging.logServices.list",
      "logging.logs.list",
      "logging.operations.get",
      "logging.operations.list",
      "logging.queries.getShared",
      "logging.queries.listShared",
      "logging.queries.usePrivate",
      "logging.sinks.get",
      "logging.sinks.list",
      "logging.usage.get",
      "logging.views.get",
      "logging.views.list",
      "observability.scopes.get",
      "resourcemanager.projects.get",
    ],
  },
  "roles/secretmanager.secretAccessor": {
    title: "Secret Manager Secret Accessor",
    source: page("secretmanager"),
    complete: true,
    permissions: ["resourcemanager.projects.get", "resourcemanager.projects.list", "secretmanager.versions.access"],
  },
  "roles/secretmanager.secretVersionAdder": {
    title: "Secret Manager Secret Version Adder",
    source: page("secretmanager"),
    complete: true,
    permissions: ["resourcemanager.projects.get", "resourcemanager.projects.list", "secretmanager.versions.add"],
  },
  "roles/cloudbuild.builds.viewer": {
    title: "Cloud Build Viewer",
    source: page("cloudbuild"),
    complete: true,
    permissions: [
      "cloudbuild.builds.get",
      "cloudbuild.builds.list",
      "cloudbuild.operations.get",
      "cloudbuild.operations.list",
      "remotebuildexecution.blobs.get",
      "resourcemanager.projects.get",
      "resourcemanager.projects.list",
    ],
  },
  // About 400 permissions; kept: what instructors do to student VMs, and what the checks look for.
  "roles/compute.instanceAdmin.v1": {
    title: "Compute Instance Admin (v1)",
    source: page("compute"),
    complete: false,
    permissions: [
      "compute.instances.get",
      "compute.instances.getGuestAttributes",
      "compute.instances.getIamPolicy",
      "compute.instances.getSerialPortOutput",
      "compute.instances.list",
      "compute.instances.osAdminLogin",
      "compute.instances.osLogin",
      "compute.instances.reset",
      "compute.instances.resume",
      "compute.instances.setIamPolicy",
      "compute.instances.setMetadata",
      "compute.instances.setServiceAccount",
      "compute.instances.start",
      "compute.instances.stop",
      "compute.instances.suspend",
      "compute.projects.get",
      "compute.projects.setCommonInstanceMetadata",
      "compute.zoneOperations.get",
      "compute.zoneOperations.list",
      "resourcemanager.projects.get",
    ],
  },
  // About 180 get/list permissions over every Vertex AI resource; kept: custom jobs.
  "roles/aiplatform.viewer": {
    title: "Vertex AI Viewer",
    source: page("aiplatform"),
    complete: false,
    permissions: [
      "aiplatform.customJobs.get",
      "aiplatform.customJobs.list",
      "aiplatform.locations.get",
      "aiplatform.locations.list",
      "resourcemanager.projects.get",
      "resourcemanager.projects.list",
    ],
  },
};

const CUSTOM_PREFIX = "custom:";

/** Permissions of a role of the access model (`roles/...` or `custom:<key>`); undefined when the table lacks it. */
export function rolePermissions(role: string): RolePermissions | undefined {
  if (role.startsWith(CUSTOM_PREFIX)) {
    const definition = CUSTOM_ROLES[role.slice(CUSTOM_PREFIX.length) as CustomRoleKey] as
      (typeof CUSTOM_ROLES)[CustomRoleKey] | undefined;
    return definition
      ? {
          title: definition.title,
          source: "CUSTOM_ROLES in infra/model/access.ts",
          complete: true,
          permissions: definition.permissions,
        }
      : undefined;
  }
  return PREDEFINED_ROLES[role];
}
