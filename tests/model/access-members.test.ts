import assert from "node:assert/strict";
import { test } from "node:test";
import { memberOf, type Principal } from "../../infra/model/access";

const ids = {
  studentEmail: "ada@example.edu",
  workloadEmail: "mlops-s1@p.iam.gserviceaccount.com",
  projectNumber: "123",
  workloadIdentityPool: "projects/123/locations/global/workloadIdentityPools/mlops-github",
};

test("each principal becomes the IAM member string Google expects", () => {
  const cases: [Principal, string][] = [
    [{ kind: "student", student: "s1" }, "user:ada@example.edu"],
    [{ kind: "workload", student: "s1" }, "serviceAccount:mlops-s1@p.iam.gserviceaccount.com"],
    [{ kind: "instructor", email: "lead@example.edu" }, "user:lead@example.edu"],
    [
      { kind: "githubRepository", student: "s1", repository: "org/repo" },
      "principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/mlops-github/attribute.repository/org/repo",
    ],
    [{ kind: "computeServiceAgent" }, "serviceAccount:service-123@compute-system.iam.gserviceaccount.com"],
    [{ kind: "cloudBuildServiceAgent" }, "serviceAccount:service-123@gcp-sa-cloudbuild.iam.gserviceaccount.com"],
    [{ kind: "storageLogDelivery" }, "group:cloud-storage-analytics@google.com"],
  ];
  for (const [principal, member] of cases) assert.equal(memberOf(principal, ids), member, principal.kind);
});

test("a member that needs a value Google has not computed yet fails loudly instead of granting to a wrong principal", () => {
  assert.throws(
    () => memberOf({ kind: "workload", student: "s1" }, {}),
    /a grant to workload needs the student's service account/,
  );
  assert.throws(() => memberOf({ kind: "computeServiceAgent" }, {}), /needs the project number/);
});
