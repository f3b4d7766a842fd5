import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CUSTOM_ROLES,
  INSTRUCTOR_ROLES,
  courseGrants,
  studentGrants,
  type CustomRoleKey,
} from "../../infra/model/access";
import { EXERCISES } from "../../infra/model/iam/exercises";
import { PREDEFINED_ROLES, rolePermissions } from "../../infra/model/iam/role-permissions";

const everyGrant = () => [
  ...studentGrants({ student: "x", secrets: ["s"], githubActionsRepository: "o/r" }),
  ...courseGrants({ instructors: ["i@example.edu"], createsGithubConnection: true }),
];

test("every role of the access model has permission data with a source", () => {
  for (const { role } of everyGrant()) {
    const data = rolePermissions(role);
    assert.ok(data, `no permission data for ${role}`);
    assert.ok(data.permissions.length > 0, role);
    assert.match(data.source, /cloud\.google\.com\/iam\/docs\/roles-permissions\/|CUSTOM_ROLES/, role);
  }
});

test("custom roles expand to the access model's own permission lists", () => {
  for (const key of Object.keys(CUSTOM_ROLES) as CustomRoleKey[]) {
    assert.deepEqual(rolePermissions(`custom:${key}`)?.permissions, CUSTOM_ROLES[key].permissions);
  }
  assert.equal(rolePermissions("custom:nope"), undefined);
  assert.equal(rolePermissions("roles/nope"), undefined);
});

test("roles granted to students, their service accounts or repositories are listed in full; instructor roles in part", () => {
  const studentSide = everyGrant().filter((g) =>
    ["student", "workload", "githubRepository"].includes(g.principal.kind),
  );
  for (const { role } of studentSide) assert.equal(rolePermissions(role)?.complete, true, role);
  const partial = Object.entries(PREDEFINED_ROLES)
    .filter(([, d]) => !d.complete)
    .map(([role]) => role);
  assert.ok(
    partial.every((role) => INSTRUCTOR_ROLES.some((r) => r.role === role)),
    partial.join(),
  );
});

test("no role of the model lets a student act beyond their own service account", () => {
  // Roles that hold iam.serviceAccounts.actAs or getAccessToken are granted on one service account only.
  for (const grant of everyGrant()) {
    const permissions = rolePermissions(grant.role)?.permissions ?? [];
    if (permissions.some((p) => p === "iam.serviceAccounts.actAs" || p === "iam.serviceAccounts.getAccessToken")) {
      assert.equal(grant.target.kind, "serviceAccount", `${grant.role} on ${grant.target.kind}`);
    }
  }
});

test("every permission an exercise needs is carried by some role of the model", () => {
  const carried = new Set(everyGrant().flatMap((g) => rolePermissions(g.role)?.permissions ?? []));
  for (const exercise of EXERCISES) {
    for (const step of exercise.steps) assert.ok(carried.has(step.permission), `${exercise.id}: ${step.permission}`);
  }
});
