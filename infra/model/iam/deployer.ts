/**
 * The deployer: the identity that runs `pulumi up` (CI through Workload Identity Federation, no keys). Its roles
 * are granted once at bootstrap, outside the program, so they appear here as documentation only; the program
 * never grants them. The set is the narrowest predefined roles that let the program create, change and destroy
 * what it declares.
 */

export interface DeployerRole {
  readonly role: string;
  /** Where it is granted. */
  readonly resource: string;
  readonly purpose: string;
  /** Only needed when the course turns a feature on. */
  readonly when?: string;
}

export const DEPLOYER_ROLES: readonly DeployerRole[] = [
  { role: "roles/serviceusage.serviceUsageAdmin", resource: "project", purpose: "enable the course's APIs" },
  {
    role: "roles/compute.instanceAdmin.v1",
    resource: "project",
    purpose: "student VMs, the stop schedule, OS Login project metadata, VM IAM",
  },
  { role: "roles/compute.networkAdmin", resource: "project", purpose: "course network, subnet, router and NAT" },
  { role: "roles/compute.securityAdmin", resource: "project", purpose: "the IAP-only SSH firewall rule" },
  { role: "roles/iap.admin", resource: "project", purpose: "IAP tunnel access to each VM" },
  { role: "roles/storage.admin", resource: "project", purpose: "student buckets, the access-log bucket, bucket IAM" },
  { role: "roles/artifactregistry.admin", resource: "project", purpose: "student repositories and their IAM" },
  { role: "roles/cloudbuild.builds.editor", resource: "project", purpose: "build triggers" },
  {
    role: "roles/cloudbuild.connectionAdmin",
    resource: "project",
    purpose: "the GitHub connection and each student's linked repository",
  },
  { role: "roles/secretmanager.admin", resource: "project", purpose: "student secrets and their IAM" },
  { role: "roles/iam.roleAdmin", resource: "project", purpose: "the course's custom roles" },
  { role: "roles/iam.serviceAccountAdmin", resource: "project", purpose: "student service accounts and their IAM" },
  {
    role: "roles/iam.serviceAccountUser",
    resource: "project",
    purpose: "attach each student's service account to their VM and build trigger",
  },
  {
    role: "roles/resourcemanager.projectIamAdmin",
    resource: "project",
    purpose: "the project-level grants above (instructors, student role, log writer, stop schedule)",
  },
  {
    role: "roles/iam.workloadIdentityPoolAdmin",
    resource: "project",
    purpose: "the GitHub Actions pool and provider",
    when: "githubActions",
  },
  {
    role: "roles/monitoring.notificationChannelEditor",
    resource: "project",
    purpose: "budget alert channels",
    when: "billingAccount",
  },
  { role: "roles/billing.costsManager", resource: "billing account", purpose: "budgets", when: "billingAccount" },
];

/**
 * The tension the deployer cannot escape, stated rather than hidden. CIS Google Cloud Foundations 1.6 and 1.8 ask
 * that nobody hold Service Account User at project level, nor Service Account Admin together with Service Account
 * User. The deployer must create the students' service accounts and set who may use them (Admin) and attach those
 * accounts to VMs and triggers, which Google checks as `iam.serviceAccounts.actAs` (User); the accounts do not
 * exist before the first `up`, so the grant cannot be narrowed to them in advance. Project IAM Admin already lets
 * the deployer grant itself any role, so it is as powerful as an owner whatever else it holds.
 */
export const DEPLOYER_SEPARATION_OF_DUTIES =
  "The deployer holds Service Account Admin and Service Account User together (CIS 1.8) and Service Account User " +
  "at project level (CIS 1.6): it creates the students' service accounts and attaches them to VMs and build " +
  "triggers, and those accounts do not exist before the first `pulumi up`. With Project IAM Admin it can grant " +
  "itself anything, so guard it like an owner: a service account with no keys, usable only by the " +
  "repository's CI on the main branch through Workload Identity Federation, held by no person. Everything the " +
  "program grants keeps the rules (the policy pack checks it).";
