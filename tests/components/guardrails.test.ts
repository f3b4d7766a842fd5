import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { MOCK_PROJECT_NUMBER } from "../../cli/offline/mocks";
import { courseConfig, runCourse, type CourseRun } from "../support/run-course";
import { T, byName, inputsOf, mockOutputs } from "../support/resources";

const PROJECT = "mlops-course-e27";
const COURSE_LABELS = { course: "mlops-e27", stack: "course", "managed-by": "course-cloud" };

void describe("cost guardrails on the course stack", () => {
  let run: CourseRun;
  before(async () => {
    run = await runCourse({ stack: "course" });
  });

  void test("one regional schedule stops every VM at 22:00 Copenhagen time and starts none", () => {
    const policies = byName(run, T.resourcePolicy);
    assert.deepEqual([...policies.keys()], ["guardrails-nightly-stop"]);
    const schedule = policies.get("guardrails-nightly-stop")!.inputs;
    assert.deepEqual(schedule.instanceSchedulePolicy, {
      vmStopSchedule: { schedule: "0 22 * * *" },
      timeZone: "Europe/Copenhagen",
    });
    assert.equal(schedule.name, "mlops-e27-nightly-stop");
    assert.equal(schedule.region, "europe-west1");
    const selfLink = mockOutputs(PROJECT, policies.get("guardrails-nightly-stop")!).selfLink;
    const vms = [...byName(run, T.instance).values()];
    assert.equal(vms.length, 8);
    for (const vm of vms) assert.equal(vm.inputs.resourcePolicies, selfLink, vm.name);
  });

  void test("budget alerts go to one email channel per instructor, labelled as the course", () => {
    const channels = [...byName(run, T.notificationChannel).values()];
    assert.deepEqual(
      channels.map((c) => c.inputs).sort((a, b) => String(a.displayName).localeCompare(String(b.displayName))),
      ["instructor@example.edu", "ta@example.edu"].map((email) => ({
        project: PROJECT,
        displayName: `mlops-e27 budget alerts: ${email}`,
        type: "email",
        labels: { email_address: email },
        userLabels: COURSE_LABELS,
      })),
    );
  });

  void test("every student has a budget on their label: 50/90/100% of spend and 100% of forecast", () => {
    const config = courseConfig({ stack: "course" });
    const budgets = byName(run, T.budget);
    assert.equal(budgets.size, 8);
    const channelNames = [...byName(run, T.notificationChannel).values()]
      .map((c) => mockOutputs(PROJECT, c).name as string)
      .sort();
    assert.equal(channelNames.length, 2);
    const budget = budgets.get("s270002-budget-budget")!.inputs;
    assert.deepEqual(
      { ...budget, allUpdatesRule: undefined },
      {
        billingAccount: config["course-cloud:billingAccount"],
        displayName: "mlops-e27 s270002",
        amount: { specifiedAmount: { currencyCode: "USD", units: config["course-cloud:budgetUsd"] } },
        budgetFilter: {
          projects: [`projects/${MOCK_PROJECT_NUMBER}`],
          labels: { student: "s270002" },
          // Pulumi.course.yaml: semesterStart 2027-02-01, 13 weeks: to Sunday 2027-05-02.
          customPeriod: { startDate: { year: 2027, month: 2, day: 1 }, endDate: { year: 2027, month: 5, day: 2 } },
          creditTypesTreatment: "EXCLUDE_ALL_CREDITS",
        },
        thresholdRules: [
          { thresholdPercent: 0.5, spendBasis: "CURRENT_SPEND" },
          { thresholdPercent: 0.9, spendBasis: "CURRENT_SPEND" },
          { thresholdPercent: 1, spendBasis: "CURRENT_SPEND" },
          { thresholdPercent: 1, spendBasis: "FORECASTED_SPEND" },
        ],
        allUpdatesRule: undefined,
      },
    );
    for (const [name, b] of budgets) {
      const id = name.replace(/-budget-budget$/, "");
      assert.deepEqual((b.inputs.budgetFilter as { labels: unknown }).labels, { student: id });
      const notified = (b.inputs.allUpdatesRule as { monitoringNotificationChannels: string[] })
        .monitoringNotificationChannels;
      assert.deepEqual([...notified].sort(), channelNames, name);
    }
  });
});

void describe("cost guardrails from config", () => {
  void test("the dev stack has no billing account: no budgets, no channels, the schedule stays", async () => {
    const run = await runCourse({ stack: "dev" });
    assert.equal(byName(run, T.budget).size, 0);
    assert.equal(byName(run, T.notificationChannel).size, 0);
    assert.equal(byName(run, T.resourcePolicy).size, 1);
  });

  void test("stop schedule, time zone, amount and currency are taken from config", async () => {
    const run = await runCourse({
      stack: "dev",
      config: {
        stopSchedule: "30 19 * * 1-5",
        timeZone: "America/New_York",
        billingAccount: "ABCDEF-012345-6789AB",
        instructors: ["lead@example.edu"],
        budgetUsd: 25,
        budgetCurrency: "EUR",
      },
    });
    assert.deepEqual(inputsOf(run, T.resourcePolicy, "guardrails-nightly-stop").instanceSchedulePolicy, {
      vmStopSchedule: { schedule: "30 19 * * 1-5" },
      timeZone: "America/New_York",
    });
    const budget = inputsOf(run, T.budget, "s000003-budget-budget");
    assert.equal(budget.billingAccount, "ABCDEF-012345-6789AB");
    assert.deepEqual(budget.amount, { specifiedAmount: { currencyCode: "EUR", units: "25" } });
    // Without semesterStart the budget runs over the calendar year.
    assert.equal((budget.budgetFilter as { calendarPeriod?: string }).calendarPeriod, "YEAR");
    assert.equal((budget.budgetFilter as { customPeriod?: unknown }).customPeriod, undefined);
    const channel = inputsOf(run, T.notificationChannel, "guardrails-alerts-lead@example.edu");
    assert.deepEqual(channel.labels, { email_address: "lead@example.edu" });
    assert.equal(byName(run, T.budget).size, 3);
  });
});
