import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { estimateCourseCost } from "../../infra/model/cost";
import { loadCoursePlan } from "../../infra/settings/load-course";

const projectRoot = path.resolve(__dirname, "..", "..");

function planFor(roster: string, config: Record<string, string> = {}) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cost-")), "roster.csv");
  fs.writeFileSync(file, roster);
  return loadCoursePlan({
    projectRoot,
    stack: "cost-test",
    config: {
      "gcp:project": "cost-test",
      "gcp:region": "europe-west1",
      "course-cloud:roster": file,
      "course-cloud:courseId": "mlops",
      "course-cloud:machineType": "n1-standard-4",
      "course-cloud:gpu": "nvidia-tesla-t4",
      "course-cloud:bootDiskGb": "100",
      "course-cloud:bucketLocation": "EU",
      ...config,
    },
  });
}

const near = (actual: number | null, expected: number) => {
  assert.notEqual(actual, null);
  assert.ok(Math.abs(actual! - expected) <= 0.011, `expected about ${expected}, got ${actual}`);
};

test("a T4 student's figures match the price list worked by hand", () => {
  // Defaults: 3 h/day x 5 days/week = 65 h a month; 13 weeks = 3 months; 10 GB bucket, 5 GB images, 60 build minutes.
  const plan = planFor("id,email,spot\ns1,a@example.edu,false\ns2,b@example.edu,true\n");
  const cost = estimateCourseCost(plan);
  const [onDemand, spot] = cost.students;
  assert.equal(cost.assumptions.vmHoursPerMonth, 65);
  assert.equal(cost.assumptions.semesterMonths, 3);
  // n1-standard-4 europe-west1 $0.2090/h + T4 $0.35/h on demand; $0.0872 + $0.14 on spot.
  near(onDemand!.hourlyUsd.onDemand, 0.56);
  near(onDemand!.hourlyUsd.spot, 0.23);
  // 65 h x $0.559 = $36.34 compute; 100 GB pd-balanced x $0.10 = $10; 10 GB EU x $0.026 = $0.26;
  // 5 GB x $0.10 = $0.50 images; 60 min x $0.006 = $0.36 builds.
  near(onDemand!.monthlyUsd.compute, 36.34);
  near(onDemand!.monthlyUsd.disk, 10);
  near(onDemand!.monthlyUsd.bucket, 0.26);
  near(onDemand!.monthlyUsd.registry, 0.5);
  near(onDemand!.monthlyUsd.build, 0.36);
  near(onDemand!.monthlyUsd.total, 47.46);
  near(onDemand!.semesterUsd.chosen, 142.37);
  near(onDemand!.semesterUsd.spot, 77.66);
  assert.equal(onDemand!.fitsCredit, false);
  // The spot student pays the spot rate: 65 h x $0.2272 = $14.77 + $11.12 fixed.
  near(spot!.monthlyUsd.total, 25.89);
  near(spot!.semesterUsd.chosen, 77.66);
  near(cost.totals.semesterUsd.chosen, 142.37 + 77.66);
  assert.deepEqual(cost.studentsOverCredit, ["s1", "s2"]);
  assert.equal(cost.pricesAsOf, "2026-07-30");
});

test("a student fits the credit when usage is light", () => {
  const plan = planFor("id,email\ns1,a@example.edu\n", {
    "course-cloud:machineType": "e2-medium",
    "course-cloud:gpu": "none",
    "course-cloud:bootDiskGb": "50",
    "course-cloud:usageHoursPerDay": "2",
    "course-cloud:budgetUsd": "50",
  });
  const [student] = estimateCourseCost(plan).students;
  // e2-medium $0.0369/h x 43.33 h = $1.60; 50 GB x $0.10 = $5; + $0.26 + $0.50 + $0.36 = $7.72 a month.
  near(student!.monthlyUsd.total, 7.72);
  near(student!.semesterUsd.chosen, 23.16);
  assert.equal(student!.fitsCredit, true);
});

test("maxRunHours caps the daily hours the estimate assumes", () => {
  const plan = planFor("id,email\ns1,a@example.edu\n", {
    "course-cloud:usageHoursPerDay": "8",
    "course-cloud:maxRunHours": "4",
  });
  assert.equal(estimateCourseCost(plan).assumptions.usageHoursPerDay, 4);
});

test("a price missing from the catalog is reported, not guessed", () => {
  // The catalog has zones for the P100 in europe-west4 but no europe-west4 P100 price.
  const plan = planFor("id,email\ns1,a@example.edu\n", {
    "gcp:region": "europe-west4",
    "course-cloud:gpu": "nvidia-tesla-p100",
  });
  const cost = estimateCourseCost(plan);
  assert.deepEqual(cost.students[0]!.missingPrices, ["nvidia-tesla-p100 in europe-west4"]);
  assert.equal(cost.students[0]!.semesterUsd.chosen, null);
  assert.equal(cost.students[0]!.fitsCredit, null);
  assert.equal(cost.totals.semesterUsd.chosen, null);
});
