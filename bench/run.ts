import { spawn } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import Table from "cli-table3";
import { estimateCourseCost } from "../infra/model/cost";
import { loadCoursePlan } from "../infra/settings/load-course";
import { PROJECT, PROJECT_ROOT, STACK, courseInput, resourceDrivers, stackConfig } from "./course-input";
import type { WorkerResult } from "./worker";
import { readNodeProject } from "../cli/offline/project-file";

/**
 * `npm run bench`: what the course program costs under Pulumi's mocks for 10, 100 and 500 generated students (one
 * fresh process per size, see worker.ts), what planning and costing 1,000 students costs in pure code, and how many
 * resources a class creates. Prints figures and PASS/FAIL per target; always exits 0.
 */

const SIZES = [10, 100, 500] as const;
const PLAN_STUDENTS = 1000;
const PLAN_REPETITIONS = 7;

/** The Pulumi SDK's own cost per registered resource under mocks, measured with a bare program (issue 2). */
const SDK_FLOOR = { msPerResource: 4, kbPerResource: 260 };
const TARGETS = { ownShare: 0.05, growth500over100: 5.5 };

const plain = { style: { head: [], border: [] } };
const ms = (value: number) =>
  value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const mb = (value: number) => `${value.toFixed(0)} MB`;
const pct = (value: number) => `${(value * 100).toFixed(2)} %`;
const per = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));
const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function runWorker(students: number): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      // The runtime's nodeargs from Pulumi.yaml, as the Pulumi CLI starts the program.
      [
        ...readNodeProject(PROJECT_ROOT).nodeArgs,
        "--import",
        "tsx",
        "--expose-gc",
        path.join(__dirname, "worker.ts"),
        String(students),
      ],
      { cwd: PROJECT_ROOT, stdio: ["ignore", "inherit", "inherit", "ipc"] },
    );
    let result: WorkerResult | undefined;
    child.on("message", (message) => (result = message as WorkerResult));
    child.on("error", reject);
    child.on("exit", (code) =>
      result ? resolve(result) : reject(new Error(`worker for ${students} students exited with code ${code}`)),
    );
  });
}

interface PlanTiming {
  readonly coldMs: number;
  readonly planMs: number;
  readonly costMs: number;
  readonly totalMs: number;
}

/** loadCoursePlan + estimateCourseCost for `students`, no Pulumi involved: the first call, then the median of reps. */
function timePlanAndCost(students: number, repetitions: number): PlanTiming {
  const input = courseInput(students);
  try {
    const once = () => {
      const started = performance.now();
      const plan = loadCoursePlan({ projectRoot: PROJECT_ROOT, stack: STACK, config: input.config });
      const planned = performance.now();
      const cost = estimateCourseCost(plan);
      if (cost.students.length !== students) throw new Error(`costed ${cost.students.length} of ${students}`);
      return { planMs: planned - started, costMs: performance.now() - planned };
    };
    const cold = once();
    const reps = Array.from({ length: repetitions }, once);
    return {
      coldMs: cold.planMs + cold.costMs,
      planMs: median(reps.map((r) => r.planMs)),
      costMs: median(reps.map((r) => r.costMs)),
      totalMs: median(reps.map((r) => r.planMs + r.costMs)),
    };
  } finally {
    input.cleanup();
  }
}

async function main(): Promise<void> {
  console.log(
    `course-cloud bench: stack ${STACK} (Pulumi.${STACK}.yaml, generated roster), Node ${process.version}, ` +
      `${os.cpus().length} CPUs, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, load average ${os.loadavg()[0]!.toFixed(2)}`,
  );
  const config = stackConfig();
  console.log(`Config that sets resources per student: ${resourceDrivers(config)}.\n`);

  const runs: WorkerResult[] = [];
  for (const students of SIZES) {
    process.stderr.write(`  running ${students} students under mocks...\n`);
    runs.push(await runWorker(students));
  }
  const shared = (r: WorkerResult) => r.cloud - r.studentCloud;
  const perStudent = (r: WorkerResult) => r.studentCloud / r.students;
  const growthKb = (r: WorkerResult) => ((r.peakRssMb - r.baselineRssMb) * 1024) / r.registered;

  const program = new Table({
    ...plain,
    head: [
      "students",
      "registered",
      "cloud",
      "per student",
      "shared",
      "wall",
      "per resource",
      "per cloud res.",
      "peak RSS",
      "peak heap",
      "own work",
      "own share",
    ],
  });
  for (const r of runs) {
    program.push([
      r.students,
      r.registered,
      r.cloud,
      per(perStudent(r)),
      shared(r),
      ms(r.runMs),
      ms(r.runMs / r.registered),
      ms(r.runMs / r.cloud),
      mb(r.peakRssMb),
      mb(r.peakHeapMb),
      ms(r.ownMs),
      pct(r.ownMs / r.runMs),
    ]);
  }
  console.log("Course program under Pulumi mocks (one fresh process per size)");
  console.log(program.toString());
  console.log(
    [
      "registered: every resource but the stack (components + cloud); cloud: custom resources only; per student and",
      "shared: cloud resources. wall: from program start to the last registration answered; module loading before",
      `it (${runs.map((r) => ms(r.startupMs)).join(" / ")}) is not counted. peak RSS: the process's maxRSS; peak heap:`,
      "V8 heap used, sampled every 25 registrations. own work: loadCoursePlan (config, roster, validation, plan),",
      "its first call in the process, as a real run pays it.\n",
    ].join("\n"),
  );

  const floor = new Table({
    ...plain,
    head: ["students", "ms / registered", "ms / cloud", "KB / registered", "KB / cloud", "SDK floor (issue 2)"],
  });
  for (const r of runs) {
    floor.push([
      r.students,
      (r.runMs / r.registered).toFixed(2),
      (r.runMs / r.cloud).toFixed(2),
      growthKb(r).toFixed(0),
      ((growthKb(r) * r.registered) / r.cloud).toFixed(0),
      `~${SDK_FLOOR.msPerResource} ms, ~${SDK_FLOOR.kbPerResource} KB`,
    ]);
  }
  console.log("Against the Pulumi SDK floor (a bare program under mocks, per registered resource)");
  console.log(floor.toString());
  console.log("KB: peak RSS minus the RSS before the run, divided by the resources.\n");

  const timing = timePlanAndCost(PLAN_STUDENTS, PLAN_REPETITIONS);
  const last = runs[runs.length - 1]!;
  const mid = runs.find((r) => r.students === 100)!;
  // Resources grow linearly with students; fit the two largest runs and price the 1,000-student run at the
  // largest run's time per resource.
  const registeredPerStudent = (last.registered - mid.registered) / (last.students - mid.students);
  const registered1000 = last.registered + (PLAN_STUDENTS - last.students) * registeredPerStudent;
  const program1000Ms = (last.runMs / last.registered) * registered1000;
  const budgetMs = TARGETS.ownShare * program1000Ms;
  const planTable = new Table({ ...plain, head: ["", "time", "per student"] });
  planTable.push(
    ["loadCoursePlan (median)", ms(timing.planMs), `${((timing.planMs / PLAN_STUDENTS) * 1000).toFixed(1)} µs`],
    ["estimateCourseCost (median)", ms(timing.costMs), `${((timing.costMs / PLAN_STUDENTS) * 1000).toFixed(1)} µs`],
    ["plan + cost (median)", ms(timing.totalMs), `${((timing.totalMs / PLAN_STUDENTS) * 1000).toFixed(1)} µs`],
    ["plan + cost (first call)", ms(timing.coldMs), `${((timing.coldMs / PLAN_STUDENTS) * 1000).toFixed(1)} µs`],
    [`program under mocks (extrapolated from ${last.students})`, ms(program1000Ms), ms(program1000Ms / PLAN_STUDENTS)],
    [`own-work budget (${pct(TARGETS.ownShare)} of that)`, ms(budgetMs), ms(budgetMs / PLAN_STUDENTS)],
  );
  console.log(
    `Plan + cost for ${PLAN_STUDENTS} students, pure code (no mocks), first call then median of ${PLAN_REPETITIONS}`,
  );
  console.log(planTable.toString());
  console.log(
    `plan + cost is ${pct(timing.coldMs / program1000Ms)} (first call) and ${pct(timing.totalMs / program1000Ms)} ` +
      `(median) of the ${PLAN_STUDENTS}-student program; the SDK spends ` +
      `${((last.runMs / last.registered) * registeredPerStudent).toFixed(1)} ms per student ` +
      `(${per(registeredPerStudent)} registered resources), plan + cost ${((timing.totalMs / PLAN_STUDENTS) * 1000).toFixed(1)} µs.\n`,
  );

  const growth = last.runMs / mid.runMs;
  const cpuGrowth = last.runCpuMs / mid.runCpuMs;
  const worstOwn = runs.reduce((worst, r) => (r.ownMs / r.runMs > worst.ownMs / worst.runMs ? r : worst));
  const targets = new Table({ ...plain, head: ["target", "measured", "result"] });
  targets.push(
    [
      `own work < ${pct(TARGETS.ownShare)} of total`,
      `${runs.map((r) => pct(r.ownMs / r.runMs)).join(" / ")} (${SIZES.join(" / ")} students)`,
      verdict(worstOwn.ownMs / worstOwn.runMs < TARGETS.ownShare),
    ],
    [
      `t(500)/t(100) <= ${TARGETS.growth500over100}`,
      `${growth.toFixed(2)} wall (CPU time: ${cpuGrowth.toFixed(2)})`,
      verdict(growth <= TARGETS.growth500over100),
    ],
    [
      `plan + cost (${PLAN_STUDENTS}) within own-work budget`,
      `${ms(timing.coldMs)} first call, budget ${ms(budgetMs)}`,
      verdict(timing.coldMs < budgetMs),
    ],
  );
  console.log("Targets (issues 2 and 3)");
  console.log(targets.toString());

  const first = runs[0]!;
  const breakdown = new Table({ ...plain, head: ["cloud resources of one student", "count"] });
  for (const [type, count] of Object.entries(first.oneStudent).sort(([a], [b]) => a.localeCompare(b))) {
    breakdown.push([type, count]);
  }
  breakdown.push(["total", Object.values(first.oneStudent).reduce((a, b) => a + b, 0)]);
  console.log(`\n${breakdown.toString()}`);

  const count = (...types: string[]) => types.reduce((n, type) => n + (first.oneStudent[type] ?? 0), 0);
  const secrets = (JSON.parse(config[`${PROJECT}:studentSecrets`] ?? "[]") as string[]).length;
  const build = count("gcp:cloudbuild/trigger:Trigger", "gcp:cloudbuildv2/repository:Repository");
  const secretEach = secrets
    ? count("gcp:secretmanager/secret:Secret", "gcp:secretmanager/secretIamMember:SecretIamMember") / secrets
    : 0;
  const budget = count("gcp:billing/budget:Budget");
  console.log(
    `Per student: ${perStudent(first) - build - secretEach * secrets - budget} always, +${build} with a repo ` +
      `(trigger, linked repository), +${secretEach} per studentSecrets entry (secret and its grants), ` +
      `+${budget} with billingAccount (budget).`,
  );

  console.log(`\nFor the README (Pulumi.${STACK}.yaml; the figures depend on config: repos, secrets, budgets):`);
  for (const r of runs) {
    console.log(
      `A class of ${r.students} creates ${r.cloud} cloud resources (${per(perStudent(r))} per student + ${shared(r)} shared)`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
