import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { childOptions } from "./options";
import { BUDGET_THRESHOLDS, type BudgetPlan, type CoursePlan } from "../model/plan";

export interface CourseGuardrailsArgs {
  readonly plan: CoursePlan;
  readonly dependsOn: pulumi.Input<pulumi.Resource>[];
}

/**
 * Course-wide cost guardrails: the nightly stop schedule every student VM is attached to, and the email channels
 * budget alerts go to.
 */
export class CourseGuardrails extends pulumi.ComponentResource {
  readonly stopSchedule: gcp.compute.ResourcePolicy;
  /** Notification channels of the instructors; empty when no budgets are configured. */
  readonly alertChannels: gcp.monitoring.NotificationChannel[];

  constructor(name: string, args: CourseGuardrailsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("course-cloud:course:Guardrails", name, {}, opts);
    const { plan } = args;
    const afterApis = { parent: this, dependsOn: args.dependsOn };
    this.stopSchedule = new gcp.compute.ResourcePolicy(
      `${name}-nightly-stop`,
      {
        name: plan.names.stopSchedule,
        region: plan.region,
        description: `Stops every VM of course ${plan.courseId} at ${plan.stopSchedule.cron} (${plan.stopSchedule.timeZone}); nothing starts them`,
        instanceSchedulePolicy: {
          vmStopSchedule: { schedule: plan.stopSchedule.cron },
          timeZone: plan.stopSchedule.timeZone,
        },
      },
      afterApis,
    );
    this.alertChannels = plan.billingAccount
      ? plan.instructors.map(
          (email) =>
            new gcp.monitoring.NotificationChannel(
              `${name}-alerts-${email.toLowerCase()}`,
              {
                project: plan.project,
                displayName: `${plan.courseId} budget alerts: ${email}`,
                type: "email",
                labels: { email_address: email },
                userLabels: { ...plan.labels },
              },
              afterApis,
            ),
        )
      : [];
    this.registerOutputs({ stopSchedule: this.stopSchedule.selfLink });
  }
}

export interface StudentBudgetArgs {
  readonly budget: BudgetPlan;
  readonly billingAccount: string;
  readonly projectNumber: pulumi.Input<string>;
  readonly alertChannels: pulumi.Input<string>[];
}

/** One student's budget: alerts at 50/90/100% of spend and 100% of forecast. It alerts; it never caps spending. */
export class StudentBudget extends pulumi.ComponentResource {
  readonly budget: gcp.billing.Budget;

  constructor(name: string, args: StudentBudgetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("course-cloud:student:Budget", name, {}, opts);
    const { budget } = args;
    this.budget = new gcp.billing.Budget(
      `${name}-budget`,
      {
        billingAccount: args.billingAccount,
        displayName: budget.displayName,
        amount: { specifiedAmount: { currencyCode: budget.currency, units: String(budget.amountUnits) } },
        budgetFilter: {
          projects: [pulumi.interpolate`projects/${args.projectNumber}`],
          labels: { ...budget.labelFilter },
          ...(budget.period
            ? { customPeriod: { startDate: budget.period.start, endDate: budget.period.end } }
            : { calendarPeriod: "YEAR" }),
          // Gross cost: with education credits on the account, net spend stays near zero and would never alert.
          creditTypesTreatment: "EXCLUDE_ALL_CREDITS",
        },
        thresholdRules: BUDGET_THRESHOLDS.map((t) => ({ thresholdPercent: t.percent, spendBasis: t.basis })),
        allUpdatesRule: { monitoringNotificationChannels: args.alertChannels },
      },
      childOptions(this, opts),
    );
    this.registerOutputs({});
  }
}
