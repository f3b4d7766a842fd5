import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { CUSTOM_ROLES, courseGrants, studentGrants } from "../../infra/model/access";
import { accessRows, accessTable } from "../../infra/model/iam/access-table";
import { DEPLOYER_ROLES } from "../../infra/model/iam/deployer";

const GOLDEN = path.join(__dirname, "access-table.golden.md");

test("the README's access table is the golden one (regenerate: print accessTable() into access-table.golden.md)", () => {
  assert.equal(accessTable(), fs.readFileSync(GOLDEN, "utf8"));
});

test("the access table has a row for every grant of the model and every deployer role", () => {
  const student = studentGrants({ student: "x", secrets: ["s"], githubActionsRepository: "o/r" });
  const course = courseGrants({ instructors: ["i@example.edu"], createsGithubConnection: true });
  const rows = accessRows();
  assert.equal(rows.length, student.length + course.length + DEPLOYER_ROLES.length);
  const roles = rows.map((r) => r.role);
  for (const grant of [...student, ...course].filter((g) => g.role.startsWith("roles/"))) {
    assert.ok(roles.includes(`\`${grant.role}\``), grant.role);
  }
  for (const { role } of DEPLOYER_ROLES) assert.ok(roles.includes(`\`${role}\``), role);
  // Every custom role's permissions are spelled out.
  for (const { permissions } of Object.values(CUSTOM_ROLES)) {
    for (const permission of permissions) assert.ok(accessTable().includes(`\`${permission}\``), permission);
  }
});

test("grants that depend on a course setting say so", () => {
  const rows = accessRows().filter((r) => !r.principal.startsWith("deployer"));
  const conditional = (text: string) => rows.filter((r) => r.purpose.includes(text)).map((r) => r.role);
  assert.deepEqual(conditional("with `studentSecrets`"), [
    "`roles/secretmanager.secretVersionAdder`",
    "`roles/secretmanager.secretAccessor`",
    "`roles/secretmanager.secretAccessor`",
  ]);
  assert.deepEqual(conditional("with `githubActions`"), ["`roles/iam.workloadIdentityUser`"]);
  assert.deepEqual(conditional("creates its GitHub connection"), ["`roles/secretmanager.secretAccessor`"]);
});

test("deployer roles are documentation only, each marked as granted outside the program", () => {
  const deployer = accessRows().filter((r) => r.principal.startsWith("deployer"));
  assert.equal(deployer.length, DEPLOYER_ROLES.length);
  assert.ok(deployer.every((r) => r.principal.includes("not by the program")));
  assert.deepEqual(
    deployer.filter((r) => r.purpose.includes("(with `")).map((r) => r.role),
    [
      "`roles/iam.workloadIdentityPoolAdmin`",
      "`roles/monitoring.notificationChannelEditor`",
      "`roles/billing.costsManager`",
    ],
  );
});
