/**
 * The access model as Markdown for the README: who holds which role on which resource and why, for one example
 * student, the course-wide grants, and the deployer (documented only: granted at bootstrap, outside the program).
 * Rendered from the same functions the program uses, so the README cannot drift from what `pulumi up` grants.
 */

import {
  CUSTOM_ROLES,
  courseGrants,
  studentGrants,
  type CustomRoleKey,
  type Grant,
  type Principal,
  type Target,
} from "../access";
import { courseNames } from "../naming";
import { DEPLOYER_ROLES, DEPLOYER_SEPARATION_OF_DUTIES } from "./deployer";

export interface AccessRow {
  readonly principal: string;
  readonly role: string;
  readonly resource: string;
  readonly purpose: string;
}

const EXAMPLE_STUDENT = "<id>";
const EXAMPLE_SECRET = "<secret>";
const EXAMPLE_REPOSITORY = "<owner>/<repo>";
const COURSE = "<course>";

function principalText(principal: Principal): string {
  switch (principal.kind) {
    case "student":
      return "student (`user:<email>`)";
    case "workload":
      return "student's service account";
    case "githubRepository":
      return "GitHub Actions of the student's repository";
    case "instructor":
      return "each instructor (`user:<email>`)";
    case "computeServiceAgent":
      return "Compute Engine service agent";
    case "cloudBuildServiceAgent":
      return "Cloud Build service agent";
    case "storageLogDelivery":
      return "Cloud Storage log delivery (`group:cloud-storage-analytics@google.com`)";
  }
}

function resourceText(target: Target): string {
  switch (target.kind) {
    case "project":
      return "project";
    case "instance":
      return "their VM";
    case "iapTunnelInstance":
      return "IAP tunnel to their VM";
    case "bucket":
      return "their bucket";
    case "repository":
      return "their Docker repository";
    case "serviceAccount":
      return "their service account";
    case "secret":
      return "each of their secrets";
    case "accessLogBucket":
      return "access-log bucket";
    case "githubTokenSecret":
      return "GitHub token secret of the connection";
  }
}

function customRoleId(key: CustomRoleKey): string {
  return courseNames(COURSE).roles[key];
}

function roleText(role: string): string {
  return role.startsWith("custom:")
    ? `\`${customRoleId(role.slice("custom:".length) as CustomRoleKey)}\` (custom)`
    : `\`${role}\``;
}

const same = (a: Grant, b: Grant) => JSON.stringify(a) === JSON.stringify(b);

/** Grants of `full` that `base` lacks get the condition they depend on. */
function withConditions(full: readonly Grant[], base: readonly Grant[], condition: string): AccessRow[] {
  return full.map((grant) => ({
    principal: principalText(grant.principal),
    role: roleText(grant.role),
    resource: resourceText(grant.target),
    purpose: base.some((b) => same(b, grant)) ? grant.purpose : `${grant.purpose} (${condition})`,
  }));
}

/** Every row of the access table, in the order of the table. */
export function accessRows(): AccessRow[] {
  const plainStudent = studentGrants({ student: EXAMPLE_STUDENT, secrets: [] });
  const withSecrets = studentGrants({ student: EXAMPLE_STUDENT, secrets: [EXAMPLE_SECRET] });
  const everything = studentGrants({
    student: EXAMPLE_STUDENT,
    secrets: [EXAMPLE_SECRET],
    githubActionsRepository: EXAMPLE_REPOSITORY,
  });
  const studentRows = [
    ...withConditions(withSecrets, plainStudent, "with `studentSecrets`"),
    ...withConditions(
      everything.filter((grant) => !withSecrets.some((g) => same(g, grant))),
      [],
      "with `githubActions`",
    ),
  ];
  const course = courseGrants({ instructors: ["<email>"], createsGithubConnection: true });
  const courseBase = courseGrants({ instructors: ["<email>"], createsGithubConnection: false });
  const courseRows = withConditions(course, courseBase, "when the course creates its GitHub connection");
  const deployerRows: AccessRow[] = DEPLOYER_ROLES.map((d) => ({
    principal: "deployer (CI; granted at bootstrap, not by the program)",
    role: `\`${d.role}\``,
    resource: d.resource,
    purpose: d.when ? `${d.purpose} (with \`${d.when}\`)` : d.purpose,
  }));
  return [...studentRows, ...courseRows, ...deployerRows];
}

/** A Markdown table padded the way Prettier formats one, so that pasting it into the README is stable. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** The README's access section: the grants, the course's custom roles, and the deployer's known tension. */
export function accessTable(): string {
  const grants = markdownTable(
    ["Principal", "Role", "Resource", "Purpose"],
    accessRows().map((r) => [r.principal, r.role, r.resource, r.purpose]),
  );
  const customRoles = markdownTable(
    ["Custom role", "Permissions"],
    (Object.keys(CUSTOM_ROLES) as CustomRoleKey[]).map((key) => [
      `\`${customRoleId(key)}\``,
      CUSTOM_ROLES[key].permissions.map((p) => `\`${p}\``).join(", "),
    ]),
  );
  return `${grants}\n\n${customRoles}\n\n${DEPLOYER_SEPARATION_OF_DUTIES}\n`;
}
