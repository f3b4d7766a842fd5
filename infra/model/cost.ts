import { acceleratorFacts } from "./catalog/accelerators";
import { GPU_FACTS_AS_OF, GPU_FACTS_SOURCE } from "./catalog/data/gpus";
import {
  BUCKET_USD_PER_GB_MONTH,
  BUILD_USD_PER_MINUTE,
  PD_BALANCED_USD_PER_GB_MONTH,
  REGISTRY_USD_PER_GB_MONTH,
  STORAGE_PRICES_AS_OF,
  STORAGE_PRICES_SOURCE,
} from "./catalog/data/storage-prices";
import { MACHINE_PRICES_AS_OF, MACHINE_PRICES_SOURCE, machinePrice } from "./catalog/machines";
import type { CostInputs, CoursePlan, StudentPlan } from "./plan";

/**
 * Cost estimate from the plan alone, with the dated list prices of the catalog: what each student's environment
 * costs a month and over the semester, on demand and on spot, and whether it fits the student's credit.
 */

const WEEKS_PER_MONTH = 52 / 12;

export interface StudentCost {
  readonly student: string;
  readonly machine: string;
  readonly spot: boolean;
  readonly hourlyUsd: { readonly onDemand: number | null; readonly spot: number | null };
  readonly monthlyUsd: {
    readonly compute: number | null;
    readonly disk: number | null;
    readonly bucket: number | null;
    readonly registry: number;
    readonly build: number;
    readonly total: number | null;
  };
  /** `chosen` follows the VM's provisioning model; the other two compare. */
  readonly semesterUsd: {
    readonly chosen: number | null;
    readonly onDemand: number | null;
    readonly spot: number | null;
  };
  readonly creditUsd: number;
  /** null when a price is missing from the catalog. */
  readonly fitsCredit: boolean | null;
  readonly missingPrices: readonly string[];
}

export interface CourseCost {
  readonly pricesAsOf: string;
  readonly sources: readonly string[];
  readonly assumptions: CostInputs & { readonly vmHoursPerMonth: number; readonly semesterMonths: number };
  readonly students: readonly StudentCost[];
  readonly totals: {
    readonly monthlyUsd: number | null;
    readonly semesterUsd: {
      readonly chosen: number | null;
      readonly onDemand: number | null;
      readonly spot: number | null;
    };
  };
  readonly studentsOverCredit: readonly string[];
  readonly notIncluded: readonly string[];
}

const cents = (usd: number) => Math.round(usd * 100) / 100;
const sum = (values: readonly (number | null)[]): number | null =>
  values.some((v) => v === null) ? null : cents(values.reduce<number>((a, v) => a + (v ?? 0), 0));

export function vmHoursPerMonth(inputs: CostInputs): number {
  return inputs.usageHoursPerDay * inputs.usageDaysPerWeek * WEEKS_PER_MONTH;
}

export function semesterMonths(inputs: CostInputs): number {
  return inputs.semesterWeeks / WEEKS_PER_MONTH;
}

function hourly(
  student: StudentPlan,
  region: string,
  missing: string[],
): { onDemand: number | null; spot: number | null } {
  const { vm } = student;
  const machine = machinePrice(vm.machineType, region);
  if (!machine) missing.push(`${vm.machineType} in ${region}`);
  let gpuOnDemand = 0;
  let gpuSpot = 0;
  if (vm.gpu?.attach === "attached") {
    const price = acceleratorFacts(vm.gpu.type)?.gpuUsdPerHour?.[region];
    if (!price) {
      missing.push(`${vm.gpu.type} in ${region}`);
      return { onDemand: null, spot: null };
    }
    gpuOnDemand = price.onDemand * vm.gpu.count;
    gpuSpot = price.spot * vm.gpu.count;
  }
  if (!machine) return { onDemand: null, spot: null };
  return { onDemand: machine.onDemandUsdPerHour + gpuOnDemand, spot: machine.spotUsdPerHour + gpuSpot };
}

export function estimateStudentCost(
  plan: Pick<CoursePlan, "region" | "costInputs">,
  student: StudentPlan,
): StudentCost {
  const inputs = plan.costInputs;
  const missing: string[] = [];
  const rate = hourly(student, plan.region, missing);
  const hours = vmHoursPerMonth(inputs);
  const months = semesterMonths(inputs);
  const diskPrice = PD_BALANCED_USD_PER_GB_MONTH[plan.region];
  if (diskPrice === undefined) missing.push(`pd-balanced disk in ${plan.region}`);
  const bucketPrice = BUCKET_USD_PER_GB_MONTH[student.bucket.location];
  if (bucketPrice === undefined) missing.push(`Cloud Storage in ${student.bucket.location}`);

  const disk = diskPrice === undefined ? null : student.vm.bootDiskGb * diskPrice;
  const bucket = bucketPrice === undefined ? null : inputs.bucketGb * bucketPrice;
  const registry = inputs.registryGb * REGISTRY_USD_PER_GB_MONTH;
  const build = inputs.buildMinutesPerMonth * BUILD_USD_PER_MINUTE;
  const fixed = sum([disk, bucket, registry, build]);
  const monthlyWith = (perHour: number | null) => (perHour === null || fixed === null ? null : perHour * hours + fixed);
  const monthlyOnDemand = monthlyWith(rate.onDemand);
  const monthlySpot = monthlyWith(rate.spot);
  const chosenHourly = student.vm.spot ? rate.spot : rate.onDemand;
  const compute = chosenHourly === null ? null : chosenHourly * hours;
  const semester = (monthly: number | null) => (monthly === null ? null : cents(monthly * months));
  const chosenSemester = semester(student.vm.spot ? monthlySpot : monthlyOnDemand);
  const gpu = student.vm.gpu ? ` + ${student.vm.gpu.count} x ${student.vm.gpu.type}` : "";
  return {
    student: student.key,
    machine: `${student.vm.machineType}${gpu}`,
    spot: student.vm.spot,
    hourlyUsd: {
      onDemand: rate.onDemand === null ? null : cents(rate.onDemand),
      spot: rate.spot === null ? null : cents(rate.spot),
    },
    monthlyUsd: {
      compute: compute === null ? null : cents(compute),
      disk: disk === null ? null : cents(disk),
      bucket: bucket === null ? null : cents(bucket),
      registry: cents(registry),
      build: cents(build),
      total: compute === null || fixed === null ? null : cents(compute + fixed),
    },
    semesterUsd: { chosen: chosenSemester, onDemand: semester(monthlyOnDemand), spot: semester(monthlySpot) },
    creditUsd: inputs.creditUsd,
    fitsCredit: chosenSemester === null ? null : chosenSemester <= inputs.creditUsd,
    missingPrices: missing,
  };
}

export function estimateCourseCost(plan: Pick<CoursePlan, "region" | "costInputs" | "students">): CourseCost {
  const students = plan.students.map((s) => estimateStudentCost(plan, s));
  return {
    pricesAsOf: [MACHINE_PRICES_AS_OF, GPU_FACTS_AS_OF, STORAGE_PRICES_AS_OF].sort()[0]!,
    sources: [MACHINE_PRICES_SOURCE, GPU_FACTS_SOURCE, STORAGE_PRICES_SOURCE],
    assumptions: {
      ...plan.costInputs,
      vmHoursPerMonth: cents(vmHoursPerMonth(plan.costInputs)),
      semesterMonths: cents(semesterMonths(plan.costInputs)),
    },
    students,
    totals: {
      monthlyUsd: sum(students.map((s) => s.monthlyUsd.total)),
      semesterUsd: {
        chosen: sum(students.map((s) => s.semesterUsd.chosen)),
        onDemand: sum(students.map((s) => s.semesterUsd.onDemand)),
        spot: sum(students.map((s) => s.semesterUsd.spot)),
      },
    },
    studentsOverCredit: students.filter((s) => s.fitsCredit === false).map((s) => s.student),
    notIncluded: [
      "Cloud NAT gateway and data processing (shared by the class)",
      "network egress",
      "Vertex AI jobs",
      "free tiers (first 0.5 GB of Artifact Registry, 2,500 Cloud Build minutes a month per billing account)",
      "discounts and credits",
    ],
  };
}
