import * as pulumi from "@pulumi/pulumi";
import { CourseMocks, studentOwning } from "../cli/offline/mocks";
import { runCourseProgram } from "../infra/program";
import { loadCoursePlan } from "../infra/settings/load-course";
import { PROJECT, PROJECT_ROOT, STACK, courseInput } from "./course-input";

/**
 * Measures one class size in a process of its own (so that memory figures belong to that size): the program's own
 * work (config, roster, validation, plan) timed alone, then the whole course program under Pulumi's mocks, the way
 * the tests run it. Sends a `WorkerResult` to the parent, or prints it as JSON when run by hand:
 * `node --import tsx --expose-gc bench/worker.ts 100`.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

export interface WorkerResult {
  readonly students: number;
  /** Process start until the program's modules are loaded. */
  readonly startupMs: number;
  /** loadCoursePlan alone, first call in the process (as in a real run). */
  readonly ownMs: number;
  /** The course program under mocks until every registration has been answered (includes its own loadCoursePlan). */
  readonly runMs: number;
  /** CPU time (user + system, all threads) over the same span; less sensitive than wall time to a busy machine. */
  readonly runCpuMs: number;
  /** Every resource registered except the stack itself: components and cloud (custom) resources. */
  readonly registered: number;
  readonly cloud: number;
  /** Cloud resources that belong to a student (logical name keyed by the student's id). */
  readonly studentCloud: number;
  /** One student's cloud resources by type. */
  readonly oneStudent: Record<string, number>;
  readonly baselineRssMb: number;
  readonly peakRssMb: number;
  readonly baselineHeapMb: number;
  readonly peakHeapMb: number;
}

const MB = 1024 * 1024;

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Under mocks the whole run is one long chain of promise callbacks, so timers do not fire until it ends; heap use is
 * sampled from the mocks instead, every few registrations.
 */
class SamplingMocks extends CourseMocks {
  peakHeap = 0;
  private calls = 0;

  sample(): void {
    this.peakHeap = Math.max(this.peakHeap, process.memoryUsage().heapUsed);
  }

  override newResource(args: pulumi.runtime.MockResourceArgs) {
    if (++this.calls % 25 === 0) this.sample();
    return super.newResource(args);
  }
}

async function measure(students: number): Promise<WorkerResult> {
  const startupMs = performance.now();
  const input = courseInput(students);
  try {
    collectGarbage();
    const baseline = process.memoryUsage();

    let started = performance.now();
    const plan = loadCoursePlan({ projectRoot: PROJECT_ROOT, stack: STACK, config: input.config });
    const ownMs = performance.now() - started;

    const mocks = new SamplingMocks(input.config["gcp:project"] ?? "mock-project");
    started = performance.now();
    const cpu = process.cpuUsage();
    await pulumi.runtime.setMocks(mocks, PROJECT, STACK, false);
    pulumi.runtime.setAllConfig(input.config);
    let failure: unknown;
    await pulumi.runtime
      .runInPulumiStack(() =>
        runCourseProgram().catch((error: unknown) => {
          failure = error;
          return undefined;
        }),
      )
      .catch((error: unknown) => (failure ??= error));
    await settings.waitForRPCs();
    const runMs = performance.now() - started;
    const cpuUsed = process.cpuUsage(cpu);
    mocks.sample();
    if (failure !== undefined) throw failure;

    const resources = mocks.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
    const cloud = resources.filter((r) => r.custom);
    const keys = plan.students.map((s) => s.key);
    const studentCloud = cloud.filter((r) => studentOwning(r.name, keys) !== undefined);
    const first = plan.students[0]?.key;
    const oneStudent: Record<string, number> = {};
    for (const r of studentCloud.filter((r) => studentOwning(r.name, keys) === first)) {
      oneStudent[r.type] = (oneStudent[r.type] ?? 0) + 1;
    }

    return {
      students,
      startupMs,
      ownMs,
      runMs,
      runCpuMs: (cpuUsed.user + cpuUsed.system) / 1000,
      registered: resources.length,
      cloud: cloud.length,
      studentCloud: studentCloud.length,
      oneStudent,
      baselineRssMb: baseline.rss / MB,
      peakRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
      baselineHeapMb: baseline.heapUsed / MB,
      peakHeapMb: Math.max(baseline.heapUsed, mocks.peakHeap) / MB,
    };
  } finally {
    input.cleanup();
  }
}

const students = Number(process.argv[2]);
if (!Number.isInteger(students) || students < 1) {
  console.error("usage: worker.ts <students>");
  process.exit(2);
}
measure(students).then(
  (result) => (process.send ? process.send(result) : console.log(JSON.stringify(result, null, 2))),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
