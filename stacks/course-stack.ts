import * as pulumi from "@pulumi/pulumi";
import { CourseFoundation } from "../infra/components/foundation";
import { CourseGuardrails } from "../infra/components/guardrails";
import { StudentEnvironment } from "../infra/components/student-environment";
import type { CustomRoleKey } from "../infra/model/access";
import type { StudentHandout } from "../infra/model/handout";
import type { CoursePlan } from "../infra/model/plan";

export interface CourseSummary {
  readonly project: string;
  readonly region: string;
  readonly network: string;
  readonly stopSchedule: string;
  readonly accessLogBucket: string;
  /** Full name of the workload identity provider students put in google-github-actions/auth. */
  readonly githubActionsProvider?: string;
}

export interface CourseStackOutputs {
  readonly course: pulumi.Output<CourseSummary>;
  readonly students: pulumi.Output<Record<string, StudentHandout>>;
  readonly warnings: readonly string[];
}

/**
 * The `dev` and `course` stacks: the shared foundation and every student of the roster in one Pulumi stack, so
 * that plain `pulumi preview|up|destroy` handles the whole class.
 */
export class CourseStack {
  readonly outputs: CourseStackOutputs;

  constructor(plan: CoursePlan) {
    const foundation = new CourseFoundation("course", { plan });
    const guardrails = new CourseGuardrails("guardrails", { plan, dependsOn: foundation.apis });
    const customRoles = Object.fromEntries(
      Object.entries(foundation.customRoles).map(([key, role]) => [key, role.name]),
    ) as Record<CustomRoleKey, pulumi.Output<string>>;

    const handouts: Record<string, pulumi.Output<StudentHandout>> = {};
    for (const student of plan.students) {
      const environment = new StudentEnvironment(student.key, {
        plan,
        student,
        shared: {
          subnet: foundation.subnet.id,
          stopSchedule: guardrails.stopSchedule.selfLink,
          accessLogBucket: foundation.accessLogBucket.name,
          customRoles,
          projectNumber: foundation.projectNumber,
          ...(foundation.githubConnection ? { githubConnection: foundation.githubConnection } : {}),
          ...(foundation.workloadIdentityPool
            ? { workloadIdentityPoolName: foundation.workloadIdentityPool.name }
            : {}),
          alertChannels: guardrails.alertChannels.map((channel) => channel.name),
          dependsOn: foundation.apis,
          // Google refuses to attach the stop schedule to a VM until the Compute Engine service agent may start and
          // stop VMs, which is one of the course's grants.
          vmDependsOn: [foundation.courseAccess],
        },
      });
      handouts[student.key] = environment.handout;
    }

    this.outputs = {
      course: pulumi
        .all([foundation.network.name, foundation.accessLogBucket.name, foundation.workloadIdentityProvider?.name])
        .apply(([network, accessLogBucket, githubActionsProvider]) => ({
          project: plan.project,
          region: plan.region,
          network,
          stopSchedule: `${plan.stopSchedule.cron} (${plan.stopSchedule.timeZone})`,
          accessLogBucket,
          ...(githubActionsProvider ? { githubActionsProvider } : {}),
        })),
      students: pulumi.output(handouts),
      warnings: plan.warnings,
    };
  }
}
