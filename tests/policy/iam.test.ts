import assert from "node:assert/strict";
import { test } from "node:test";
import {
  iamAdditiveMembersOnly,
  iamNoBasicRoles,
  iamNoImpersonationAtProjectLevel,
  iamNoPublicPrincipals,
  iamNoServiceAccountKeys,
  iamSeparationOfDuties,
  workloadIdentityProviderCondition,
} from "../../policy/policies/iam";
import { T } from "../../policy/policies/support";
import { validateResource, validateStack } from "./fake-engine";

const PROJECT_MEMBER = "gcp:projects/iAMMember:IAMMember";
const BUCKET_MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember";
const SA_MEMBER = "gcp:serviceaccount/iAMMember:IAMMember";
const STUDENT = "user:s270001@student.example.edu";

const projectGrant = (role: string, member = STUDENT) => ({
  type: PROJECT_MEMBER,
  props: { project: "mlops-course-e27", role, member },
});
const bucketGrant = (member: string, role = "roles/storage.objectViewer") => ({
  type: BUCKET_MEMBER,
  props: { bucket: "mlops-e27-s270001-0a1b2c3d", role, member },
});
const serviceAccountGrant = (role: string, member = STUDENT) => ({
  type: SA_MEMBER,
  props: {
    serviceAccountId:
      "projects/mlops-course-e27/serviceAccounts/mlops-e27-s270001@mlops-course-e27.iam.gserviceaccount.com",
    role,
    member,
  },
});

test("iam-no-public-principals rejects allUsers and allAuthenticatedUsers in members, bindings, policies and ACLs", async () => {
  assert.deepEqual((await validateResource(iamNoPublicPrincipals, bucketGrant("allUsers"))).violations, [
    "the grant names allUsers",
  ]);
  assert.deepEqual((await validateResource(iamNoPublicPrincipals, bucketGrant("allAuthenticatedUsers"))).violations, [
    "the grant names allAuthenticatedUsers",
  ]);
  const binding = {
    type: "gcp:artifactregistry/repositoryIamBinding:RepositoryIamBinding",
    props: { role: "roles/artifactregistry.reader", members: [STUDENT, "allUsers"] },
  };
  assert.deepEqual((await validateResource(iamNoPublicPrincipals, binding)).violations, ["the grant names allUsers"]);
  const policy = {
    type: "gcp:storage/bucketIAMPolicy:BucketIAMPolicy",
    props: {
      policyData: JSON.stringify({ bindings: [{ role: "roles/storage.objectViewer", members: ["allUsers"] }] }),
    },
  };
  assert.equal((await validateResource(iamNoPublicPrincipals, policy)).violations.length, 1);
  const acl = { type: "gcp:storage/bucketACL:BucketACL", props: { roleEntities: ["READER:allUsers"] } };
  assert.equal((await validateResource(iamNoPublicPrincipals, acl)).violations.length, 1);
  assert.deepEqual((await validateResource(iamNoPublicPrincipals, bucketGrant(STUDENT))).violations, []);
});

test("iam-additive-members-only rejects authoritative bindings and policies of any resource", async () => {
  for (const type of [
    "gcp:projects/iAMBinding:IAMBinding",
    "gcp:projects/iAMPolicy:IAMPolicy",
    "gcp:storage/bucketIAMBinding:BucketIAMBinding",
    "gcp:artifactregistry/repositoryIamPolicy:RepositoryIamPolicy",
    "gcp:compute/instanceIAMBinding:InstanceIAMBinding",
  ]) {
    const outcome = await validateResource(iamAdditiveMembersOnly, { type, props: {} });
    assert.deepEqual(outcome.violations, [`${type} replaces every other grant of its role or resource`]);
  }
  for (const type of [
    PROJECT_MEMBER,
    BUCKET_MEMBER,
    SA_MEMBER,
    T.resourcePolicy,
    "gcp:projects/iAMCustomRole:IAMCustomRole",
  ]) {
    const outcome = await validateResource(iamAdditiveMembersOnly, { type, props: {} });
    assert.deepEqual(outcome.violations, [], type);
    assert.ok(outcome.notApplicable, type);
  }
});

test("iam-no-basic-roles rejects owner, editor and viewer anywhere", async () => {
  for (const role of ["roles/owner", "roles/editor", "roles/viewer"]) {
    assert.deepEqual((await validateResource(iamNoBasicRoles, projectGrant(role))).violations, [
      `grants the basic role ${role}`,
    ]);
    assert.equal((await validateResource(iamNoBasicRoles, bucketGrant(STUDENT, role))).violations.length, 1);
  }
  assert.deepEqual((await validateResource(iamNoBasicRoles, projectGrant("roles/logging.logWriter"))).violations, []);
});

test("iam-no-impersonation-at-project-level keeps Service Account User and Token Creator on single accounts", async () => {
  for (const role of [
    "roles/iam.serviceAccountUser",
    "roles/iam.serviceAccountTokenCreator",
    "roles/iam.workloadIdentityUser",
  ]) {
    assert.deepEqual((await validateResource(iamNoImpersonationAtProjectLevel, projectGrant(role))).violations, [
      `grants ${role} on the whole project`,
    ]);
    // On one service account the same role is how the course grants it.
    const onAccount = await validateResource(iamNoImpersonationAtProjectLevel, serviceAccountGrant(role));
    assert.deepEqual(onAccount.violations, []);
  }
  const folder = {
    type: "gcp:folder/iAMMember:IAMMember",
    props: { folder: "folders/123", role: "roles/iam.serviceAccountTokenCreator", member: STUDENT },
  };
  assert.deepEqual((await validateResource(iamNoImpersonationAtProjectLevel, folder)).violations, [
    "grants roles/iam.serviceAccountTokenCreator on the whole folder",
  ]);
  const binding = {
    type: "gcp:projects/iAMBinding:IAMBinding",
    props: { project: "p", role: "roles/iam.serviceAccountUser", members: [STUDENT] },
  };
  assert.equal((await validateResource(iamNoImpersonationAtProjectLevel, binding)).violations.length, 1);
  assert.deepEqual(
    (await validateResource(iamNoImpersonationAtProjectLevel, projectGrant("roles/logging.logWriter"))).violations,
    [],
  );
});

test("iam-no-service-account-keys rejects every user-managed key", async () => {
  const key = { type: T.serviceAccountKey, props: { serviceAccountId: "mlops-e27-s270001" } };
  assert.deepEqual((await validateResource(iamNoServiceAccountKeys, key)).violations, [
    "creates a user-managed service account key",
  ]);
});

test("workload-identity-provider-condition requires a condition that pins GitHub repositories", async () => {
  const provider = (attributeCondition: string | undefined) => ({
    type: T.workloadIdentityProvider,
    props: {
      workloadIdentityPoolProviderId: "github-actions",
      attributeMapping: { "google.subject": "assertion.sub", "attribute.repository": "assertion.repository" },
      oidc: { issuerUri: "https://token.actions.githubusercontent.com" },
      ...(attributeCondition === undefined ? {} : { attributeCondition }),
    },
  });
  const pinned = "assertion.repository in ['mlops-e27/anna-k-mlops', 'mlops-e27/bjorn-l-mlops']";
  assert.deepEqual((await validateResource(workloadIdentityProviderCondition, provider(pinned))).violations, []);
  assert.deepEqual((await validateResource(workloadIdentityProviderCondition, provider(undefined))).violations, [
    "the provider has no attribute condition",
  ]);
  assert.equal((await validateResource(workloadIdentityProviderCondition, provider("  "))).violations.length, 1);
  assert.deepEqual(
    (await validateResource(workloadIdentityProviderCondition, provider("assertion.aud != ''"))).violations,
    [`the condition "assertion.aud != ''" does not pin GitHub repositories`],
  );
});

test("iam-separation-of-duties rejects a principal holding Service Account Admin and User", async () => {
  const deployer = "serviceAccount:deployer@mlops-course-e27.iam.gserviceaccount.com";
  const both = await validateStack(iamSeparationOfDuties, [
    projectGrant("roles/iam.serviceAccountAdmin", deployer),
    serviceAccountGrant("roles/iam.serviceAccountUser", deployer),
    serviceAccountGrant("roles/iam.serviceAccountUser"),
  ]);
  assert.deepEqual(both.violations, [`${deployer} holds both Service Account Admin and Service Account User`]);
  const binding = {
    type: "gcp:projects/iAMBinding:IAMBinding",
    props: { project: "p", role: "roles/iam.serviceAccountAdmin", members: [STUDENT] },
  };
  assert.equal(
    (await validateStack(iamSeparationOfDuties, [binding, serviceAccountGrant("roles/iam.serviceAccountUser")]))
      .violations.length,
    1,
  );
  // A grant whose member a preview does not know yet does not hide the ones it knows.
  const pending = {
    ...serviceAccountGrant("roles/iam.serviceAccountUser"),
    props: { role: "roles/iam.serviceAccountUser", member: { __pulumiUnknown: true } },
  };
  const withUnknown = await validateStack(iamSeparationOfDuties, [
    pending,
    projectGrant("roles/iam.serviceAccountAdmin", deployer),
    serviceAccountGrant("roles/iam.serviceAccountUser", deployer),
  ]);
  assert.equal(withUnknown.unknown, undefined);
  assert.equal(withUnknown.violations.length, 1);
  const apart = await validateStack(iamSeparationOfDuties, [
    projectGrant("roles/iam.serviceAccountAdmin", deployer),
    serviceAccountGrant("roles/iam.serviceAccountUser"),
  ]);
  assert.deepEqual(apart.violations, []);
});
