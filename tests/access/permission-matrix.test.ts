/**
 * Least privilege, proven on what the program registers: the permission matrix is built from the IAM member
 * resources of a run under mocks (who holds which role on which resource), roles are expanded with the sourced
 * role table, and the result is checked against the access model and the course's exercises.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import fc from "fast-check";
import type { RegisteredResource } from "../../cli/offline/mocks";
import { sampleRoster } from "../../cli/offline/sample-roster";
import { CUSTOM_ROLES, type CustomRoleKey } from "../../infra/model/access";
import {
  EXERCISES,
  RESOURCE_PERMISSION_PREFIXES,
  type Exercise,
  type ResourceKind,
} from "../../infra/model/iam/exercises";
import { PREDEFINED_ROLES } from "../../infra/model/iam/role-permissions";
import type { CoursePlan, StudentPlan } from "../../infra/model/plan";
import { loadCoursePlan } from "../../infra/settings/load-course";
import { PROJECT_ROOT, courseConfig, everyOptionOn, runCourse, type RunCourseOptions } from "../support/run-course";
import {
  PermissionMatrix,
  actorMember,
  isIamResource,
  key,
  kindOf,
  memberOf,
  registeredGrants,
  resolveModelGrant,
  roleExpander,
  studentResources,
  type RegisteredGrant,
  type ResourceKey,
} from "./iam-graph";

interface Scenario {
  readonly label: string;
  readonly options: RunCourseOptions;
}

const SCENARIOS: readonly Scenario[] = [
  { label: "dev stack", options: { stack: "dev" } },
  { label: "course stack", options: { stack: "course" } },
  {
    label: "24 generated students with two secrets each, GitHub Actions federation and a created GitHub connection",
    options: {
      stack: "course",
      roster: sampleRoster(24, { withoutRepoEvery: 5 }),
      config: {
        ...everyOptionOn("mlops-course-e27"),
        gpuQuota: [],
        studentSecrets: ["wandb-api-key", "hf-token"],
      },
    },
  },
];

const BASIC_ROLES = ["roles/owner", "roles/editor", "roles/viewer"];

interface Run {
  readonly plan: CoursePlan;
  readonly resources: readonly RegisteredResource[];
  readonly grants: readonly RegisteredGrant[];
  readonly matrix: PermissionMatrix;
  readonly project: ResourceKey;
}

function exercisesFor(plan: CoursePlan, student: StudentPlan): Exercise[] {
  return EXERCISES.filter(
    (e) =>
      (e.requires !== "secrets" || student.secrets.length > 0) &&
      (e.requires !== "githubActions" || actorMember("githubRepository", plan, student) !== undefined),
  );
}

/** The resources an exercise step is performed on, for the student whose resources they are. */
function stepResources(run: Run, student: StudentPlan, on: ResourceKind): ResourceKey[] {
  return on === "project" ? [run.project] : studentResources(run.plan, student, run.resources)[on];
}

/** The steps of an exercise `actor` cannot do on `owner`'s resources; empty when the exercise is possible. */
function missingSteps(run: Run, exercise: Exercise, member: string, owner: StudentPlan): string[] {
  return exercise.steps.flatMap((step) =>
    stepResources(run, owner, step.on)
      .filter((resource) => !run.matrix.holds(member, step.permission, resource))
      .map((resource) => `${step.permission} on ${resource}`),
  );
}

for (const scenario of SCENARIOS) {
  describe(scenario.label, () => {
    let run: Run;

    before(async () => {
      const registered = await runCourse(scenario.options);
      const plan = loadCoursePlan({
        projectRoot: PROJECT_ROOT,
        stack: scenario.options.stack ?? "course",
        config: courseConfig(scenario.options),
      });
      const grants = registeredGrants(registered.resources);
      const project = key("project", plan.project);
      run = {
        plan,
        resources: registered.resources,
        grants,
        matrix: new PermissionMatrix(grants, roleExpander(registered.resources), project),
        project,
      };
    });

    test("IAM is granted only with additive member resources, each of a kind the matrix reads", () => {
      const iamTypes = new Set(run.resources.filter((r) => isIamResource(r.type)).map((r) => r.type));
      for (const type of iamTypes) assert.match(type, /(IAM|Iam)Member$/, `${type} is not an additive member`);
      assert.equal(run.grants.length, run.resources.filter((r) => isIamResource(r.type)).length);
    });

    test("the registered grants and the access model's grants match one to one", () => {
      const model = [...run.plan.grants, ...run.plan.students.flatMap((s) => s.grants)];
      const expected = model.map((g) => JSON.stringify(resolveModelGrant(g, run.plan, run.resources))).sort();
      const registered = run.grants
        .map(({ member, role, resource }) => JSON.stringify({ member, role, resource }))
        .sort();
      assert.deepEqual(registered, expected);
      assert.equal(new Set(registered).size, registered.length, "no grant is registered twice");
    });

    test("every grant is on the project or on a resource the stack registers", () => {
      const tokenSecret =
        run.plan.githubConnection?.kind === "create"
          ? key("secret", `${run.plan.project}/${run.plan.githubConnection.tokenSecretId}`)
          : undefined;
      const str = (v: unknown) => String(v ?? "");
      const registered = new Set<ResourceKey>([
        run.project,
        ...run.resources.flatMap((r) => {
          const i = r.inputs;
          switch (r.type) {
            case "gcp:compute/instance:Instance": {
              const vm = `${run.plan.project}/${str(i.zone)}/${str(i.name)}`;
              return [key("instance", vm), key("iapTunnelInstance", vm)];
            }
            case "gcp:storage/bucket:Bucket":
              return [key("bucket", str(i.name))];
            case "gcp:artifactregistry/repository:Repository":
              return [key("repository", `${run.plan.project}/${str(i.location)}/${str(i.repositoryId)}`)];
            case "gcp:serviceaccount/account:Account":
              return [
                key(
                  "serviceAccount",
                  `projects/${run.plan.project}/serviceAccounts/${str(i.accountId)}@${run.plan.project}.iam.gserviceaccount.com`,
                ),
              ];
            case "gcp:secretmanager/secret:Secret":
              return [key("secret", `${run.plan.project}/${str(i.secretId)}`)];
            default:
              return [];
          }
        }),
      ]);
      // The connection's token secret is the instructor's, created before the course; everything else is ours.
      const dangling = run.grants.filter((g) => !registered.has(g.resource) && g.resource !== tokenSecret);
      assert.deepEqual(dangling, []);
    });

    test("every exercise of the course is possible for each student with their own resources", () => {
      const failures = run.plan.students.flatMap((student) =>
        exercisesFor(run.plan, student).flatMap((exercise) => {
          const member = actorMember(exercise.actor, run.plan, student)!;
          return missingSteps(run, exercise, member, student).map((m) => `${student.key} ${exercise.id}: ${m}`);
        }),
      );
      assert.deepEqual(failures, []);
    });

    test("property: a student, their service account and their repository hold nothing on another student's resources", () => {
      const students = run.plan.students;
      const pairs = fc
        .tuple(fc.nat(students.length - 1), fc.nat(students.length - 2))
        .map(([i, j]) => [students[i]!, students[j >= i ? j + 1 : j]!] as const);
      fc.assert(
        fc.property(pairs, ([me, other]) => {
          const theirs = studentResources(run.plan, other, run.resources);
          for (const actor of ["student", "workload", "githubRepository"] as const) {
            const member = actorMember(actor, run.plan, me);
            if (member === undefined) continue;
            for (const [kind, resources] of Object.entries(theirs) as [keyof typeof theirs, ResourceKey[]][]) {
              for (const resource of resources) {
                const reaching: string[] = [...run.matrix.permissionsOn(member, resource)].filter((p) =>
                  RESOURCE_PERMISSION_PREFIXES[kind].some((prefix) => p.startsWith(prefix)),
                );
                assert.deepEqual(reaching, [], `${member} on ${resource}`);
              }
            }
            // And so no exercise of theirs works on the other student's resources.
            for (const exercise of exercisesFor(run.plan, other).filter((e) => e.actor === actor)) {
              assert.notDeepEqual(
                missingSteps(run, exercise, member, other),
                [],
                `${member} can do ${exercise.id} for ${other.key}`,
              );
            }
          }
        }),
        { numRuns: Math.min(200, students.length * (students.length - 1)) },
      );
    });

    test("students get nothing at project level but the custom student role; their service accounts only Logs Writer", () => {
      const atProject = (member: string) =>
        run.grants.filter((g) => g.member === member && g.resource === run.project).map((g) => g.role);
      for (const student of run.plan.students) {
        assert.deepEqual(atProject(memberOf({ kind: "student", student: student.key }, run.plan)), [
          `projects/${run.plan.project}/roles/${run.plan.customRoles.student.id}`,
        ]);
        assert.deepEqual(atProject(memberOf({ kind: "workload", student: student.key }, run.plan)), [
          "roles/logging.logWriter",
        ]);
      }
    });

    test("no basic roles, no service-account impersonation at project level, no Admin-and-User, no keys", () => {
      assert.deepEqual(
        run.grants.filter((g) => BASIC_ROLES.includes(g.role)),
        [],
      );
      const projectImpersonation = run.grants.filter(
        (g) =>
          kindOf(g.resource) === "project" &&
          ["roles/iam.serviceAccountUser", "roles/iam.serviceAccountTokenCreator"].includes(g.role),
      );
      assert.deepEqual(projectImpersonation, []);
      const byMember = new Map<string, Set<string>>();
      for (const g of run.grants) byMember.set(g.member, (byMember.get(g.member) ?? new Set()).add(g.role));
      const both = [...byMember].filter(
        ([, roles]) => roles.has("roles/iam.serviceAccountAdmin") && roles.has("roles/iam.serviceAccountUser"),
      );
      assert.deepEqual(both, []);
      assert.deepEqual(
        run.resources.filter((r) => r.type === "gcp:serviceaccount/key:Key"),
        [],
      );
    });

    test("only the student's own principals can act as the student's service account", () => {
      for (const student of run.plan.students) {
        const account = studentResources(run.plan, student, run.resources).serviceAccount[0]!;
        const actors = run.grants
          .filter((g) => g.resource === account || g.resource === run.project)
          .filter((g) =>
            ["iam.serviceAccounts.actAs", "iam.serviceAccounts.getAccessToken"].some((p) =>
              run.matrix.holds(g.member, p, account),
            ),
          )
          .map((g) => g.member);
        const own = [actorMember("student", run.plan, student), actorMember("githubRepository", run.plan, student)];
        assert.deepEqual([...new Set(actors)].sort(), own.filter((m) => m !== undefined).sort());
      }
    });

    test("the registered custom roles carry exactly the access model's permissions", () => {
      const roles = run.resources.filter((r) => r.type === "gcp:projects/iAMCustomRole:IAMCustomRole");
      assert.deepEqual(
        Object.fromEntries(roles.map((r) => [String(r.inputs.roleId), r.inputs.permissions])),
        Object.fromEntries(
          (Object.keys(CUSTOM_ROLES) as CustomRoleKey[]).map((k) => [
            run.plan.customRoles[k].id,
            [...CUSTOM_ROLES[k].permissions],
          ]),
        ),
      );
    });

    test("the role table lists every predefined role granted, completely for roles students' principals hold", () => {
      const students = run.plan.students.flatMap((s) =>
        (["student", "workload", "githubRepository"] as const).map((a) => actorMember(a, run.plan, s)),
      );
      for (const grant of run.grants.filter((g) => g.role.startsWith("roles/"))) {
        const data = PREDEFINED_ROLES[grant.role];
        assert.ok(data, `no permission data for ${grant.role}`);
        if (students.includes(grant.member))
          assert.ok(data.complete, `${grant.role} is held by a student but listed in part`);
      }
    });
  });
}
