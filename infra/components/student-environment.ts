import * as pulumi from "@pulumi/pulumi";
import type { CustomRoleKey } from "../model/access";
import { studentHandout, type StudentHandout } from "../model/handout";
import type { CoursePlan, StudentPlan } from "../model/plan";
import { studentDataOptions } from "../model/resource-options";
import { AccessGrants } from "./access";
import { BuildTrigger } from "./build";
import { StudentBudget } from "./guardrails";
import { StudentIdentity } from "./identity";
import { StudentRegistry } from "./registry";
import { StudentSecrets } from "./secrets";
import { StudentStorage } from "./storage";
import { Workstation } from "./workstation";

/** The shared resources a student's environment plugs into. */
export interface CourseShared {
  readonly subnet: pulumi.Input<string>;
  readonly stopSchedule: pulumi.Input<string>;
  readonly accessLogBucket: pulumi.Input<string>;
  readonly customRoles: Readonly<Record<CustomRoleKey, pulumi.Input<string>>>;
  readonly projectNumber: pulumi.Input<string>;
  readonly githubConnection?: pulumi.Input<string>;
  readonly workloadIdentityPoolName?: pulumi.Input<string>;
  readonly alertChannels: pulumi.Input<string>[];
  /** Everything student resources must wait for (API enablement). */
  readonly dependsOn: pulumi.Input<pulumi.Resource>[];
  /** What the VM must also wait for: the permissions the stop schedule runs with. */
  readonly vmDependsOn?: pulumi.Input<pulumi.Resource>[];
}

export interface StudentEnvironmentArgs {
  readonly plan: CoursePlan;
  readonly student: StudentPlan;
  readonly shared: CourseShared;
}

/** Everything one student gets, keyed by their id: identity, VM, bucket, registry, build, secrets, budget, access. */
export class StudentEnvironment extends pulumi.ComponentResource {
  readonly handout: pulumi.Output<StudentHandout>;

  constructor(name: string, args: StudentEnvironmentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("course-cloud:student:Environment", name, {}, opts);
    const { plan, student, shared } = args;
    // Children wait for API enablement; those holding the student's work are protected during the semester.
    const child = { parent: this, dependsOn: shared.dependsOn };
    const dataOptions = { ...child, ...studentDataOptions(plan.protectStudentData) };

    const identity = new StudentIdentity(
      `${name}-identity`,
      { accountId: student.names.serviceAccountId, displayName: student.displayName, studentKey: student.key },
      child,
    );
    const serviceAccountEmail = identity.account.email;
    const workstation = new Workstation(
      `${name}-workstation`,
      {
        vm: student.vm,
        labels: student.labels,
        serviceAccountEmail,
        subnet: shared.subnet,
        stopSchedule: shared.stopSchedule,
      },
      { ...dataOptions, dependsOn: [...shared.dependsOn, ...(shared.vmDependsOn ?? [])] },
    );
    const storage = new StudentStorage(
      `${name}-storage`,
      { bucket: student.bucket, labels: student.labels, accessLogBucket: shared.accessLogBucket },
      dataOptions,
    );
    const registry = new StudentRegistry(
      `${name}-registry`,
      { registry: student.registry, labels: student.labels },
      dataOptions,
    );
    const secrets =
      student.secrets.length > 0
        ? new StudentSecrets(`${name}-secrets`, { secretIds: student.secrets, labels: student.labels }, dataOptions)
        : undefined;
    if (student.build && shared.githubConnection) {
      new BuildTrigger(
        `${name}-build`,
        {
          build: student.build,
          region: plan.region,
          project: plan.project,
          connection: shared.githubConnection,
          serviceAccountEmail,
          tags: [plan.courseId, student.key],
          substitutions: { _REGISTRY: student.registry.url, _BUCKET: storage.bucket.name },
        },
        child,
      );
    }
    if (student.budget && plan.billingAccount) {
      new StudentBudget(
        `${name}-budget`,
        {
          budget: student.budget,
          billingAccount: plan.billingAccount,
          projectNumber: shared.projectNumber,
          alertChannels: shared.alertChannels,
        },
        child,
      );
    }

    new AccessGrants(
      `${name}-access`,
      {
        grants: student.grants,
        context: {
          project: plan.project,
          customRoles: shared.customRoles,
          principalIds: {
            studentEmail: student.email,
            workloadEmail: serviceAccountEmail,
            ...(shared.workloadIdentityPoolName ? { workloadIdentityPool: shared.workloadIdentityPoolName } : {}),
          },
          instance: workstation.instance,
          bucket: storage.bucket,
          repository: registry.repository,
          serviceAccount: identity.account,
          secrets: secrets?.secrets ?? {},
        },
      },
      child,
    );

    this.handout = pulumi
      .all([storage.bucket.name, serviceAccountEmail])
      .apply(([bucketName, email]) => studentHandout(plan, student, { bucketName, serviceAccountEmail: email }));
    this.registerOutputs({ handout: this.handout });
  }
}
