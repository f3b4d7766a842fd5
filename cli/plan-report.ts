import Table from "cli-table3";
import type { CourseCost } from "../infra/model/cost";
import type { CoursePlan } from "../infra/model/plan";
import { studentOwning, type RegisteredResource } from "./offline/mocks";
import type { OfflineRun } from "./offline/run-program";

/**
 * The offline plan report: what `pulumi up` would create, read from the resources the real program registered
 * under mocks (not from a parallel description), next to the cost estimate and quota needs of the plan.
 */

export interface StudentRow {
  readonly student: string;
  readonly vm: string;
  readonly zone: string;
  readonly machine: string;
  readonly provisioning: string;
  readonly bucket: string;
  readonly registry: string;
  readonly trigger: string;
  readonly cloudResources: number;
}

export interface ResourceSummary {
  readonly students: StudentRow[];
  readonly shared: { readonly type: string; readonly names: string[] }[];
  readonly cloudResources: number;
  readonly sharedCloudResources: number;
  readonly registrations: number;
}

type Inputs = Record<string, unknown>;
const field = (inputs: Inputs, ...path: string[]): unknown =>
  path.reduce<unknown>((value, key) => (value as Inputs | undefined)?.[key], inputs);
const text = (value: unknown) => (value === undefined || value === null ? "" : String(value));
const shortType = (type: string) => type.split(":").pop() ?? type;

/** The name the resource will have in Google Cloud where the program sets one, else its Pulumi name. */
function cloudName(resource: RegisteredResource): string {
  const { inputs } = resource;
  return text(inputs.name ?? inputs.roleId ?? inputs.service ?? inputs.key ?? "") || resource.name;
}

export function summarizeResources(run: OfflineRun, studentKeys: readonly string[]): ResourceSummary {
  const resources = run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
  const byStudent = new Map<string, RegisteredResource[]>(studentKeys.map((k) => [k, []]));
  const shared = new Map<string, string[]>();
  for (const resource of resources) {
    const owner = studentOwning(resource.name, studentKeys);
    if (owner) byStudent.get(owner)!.push(resource);
    else if (resource.custom) shared.set(resource.type, [...(shared.get(resource.type) ?? []), cloudName(resource)]);
  }
  const students = [...byStudent.entries()].map(([student, owned]): StudentRow => {
    const find = (type: string) => owned.find((r) => r.type === type)?.inputs ?? {};
    const vm = find("gcp:compute/instance:Instance");
    const accelerators = (field(vm, "guestAccelerators") as { type: string; count: number }[] | undefined) ?? [];
    const provisioning = text(field(vm, "scheduling", "provisioningModel")) || "STANDARD";
    const trigger = find("gcp:cloudbuild/trigger:Trigger");
    return {
      student,
      vm: text(field(vm, "name")),
      zone: text(field(vm, "zone")),
      machine: [text(field(vm, "machineType")), ...accelerators.map((a) => `${a.count} x ${a.type}`)].join(" + "),
      provisioning: provisioning === "SPOT" ? "spot" : "on-demand",
      bucket: text(field(find("gcp:storage/bucket:Bucket"), "name")),
      registry: text(field(find("gcp:artifactregistry/repository:Repository"), "repositoryId")),
      trigger: trigger.name
        ? `${text(trigger.name)} (${text(field(trigger, "repositoryEventConfig", "push", "branch"))})`
        : "",
      cloudResources: owned.filter((r) => r.custom).length,
    };
  });
  const cloudResources = resources.filter((r) => r.custom).length;
  const sharedCloudResources = [...shared.values()].reduce((n, names) => n + names.length, 0);
  return {
    students,
    shared: [...shared.entries()]
      .map(([type, names]) => ({ type, names: names.sort() }))
      .sort((a, b) => a.type.localeCompare(b.type)),
    cloudResources,
    sharedCloudResources,
    registrations: resources.length,
  };
}

/** Plain tables (no colours), so the report reads the same in a terminal, a file and a pull-request comment. */
const table = (head: string[], extra: Omit<Table.TableConstructorOptions, "head" | "style"> = {}) =>
  new Table({ head, style: { head: [], border: [] }, ...extra });

const usd = (value: number | null) => (value === null ? "n/a" : `$${value.toFixed(2)}`);

export function renderReport(plan: CoursePlan, run: OfflineRun, cost: CourseCost, summary: ResourceSummary): string {
  const out: string[] = [];
  const n = plan.students.length;
  out.push(
    `course-cloud plan for stack "${plan.stack}": project ${plan.project}, region ${plan.region}, ${n} student${n === 1 ? "" : "s"}`,
    "What `pulumi up` would create, from the program run offline under Pulumi mocks (no cloud account used).",
    "",
  );

  const students = table([
    "student",
    "VM",
    "zone",
    "machine",
    "model",
    "bucket",
    "registry",
    "build trigger",
    "resources",
  ]);
  for (const row of summary.students) {
    students.push([
      row.student,
      row.vm,
      row.zone,
      row.machine,
      row.provisioning,
      row.bucket,
      row.registry,
      row.trigger,
      row.cloudResources,
    ]);
  }
  out.push("Per student", students.toString(), "");

  const shared = table(["shared resource", "count", "names"], { colWidths: [22, 7, 90], wordWrap: true });
  for (const { type, names } of summary.shared) shared.push([shortType(type), names.length, names.join(", ")]);
  out.push("Shared by the class", shared.toString(), "");
  const perStudent = n === 0 ? 0 : (summary.cloudResources - summary.sharedCloudResources) / n;
  out.push(
    `${summary.cloudResources} cloud resources (${perStudent.toFixed(1)} per student + ${summary.sharedCloudResources} shared); ${summary.registrations} registrations including components.`,
    "",
  );

  const costs = table([
    "student",
    "machine",
    "$/h on-demand",
    "$/h spot",
    "month",
    "semester",
    "semester on-demand",
    "semester spot",
    "credit",
  ]);
  for (const s of cost.students) {
    costs.push([
      s.student,
      `${s.machine}${s.spot ? " (spot)" : ""}`,
      usd(s.hourlyUsd.onDemand),
      usd(s.hourlyUsd.spot),
      usd(s.monthlyUsd.total),
      usd(s.semesterUsd.chosen),
      usd(s.semesterUsd.onDemand),
      usd(s.semesterUsd.spot),
      s.fitsCredit === null ? "n/a" : s.fitsCredit ? `fits $${s.creditUsd}` : `OVER $${s.creditUsd}`,
    ]);
  }
  costs.push([
    "whole class",
    "",
    "",
    "",
    usd(cost.totals.monthlyUsd),
    usd(cost.totals.semesterUsd.chosen),
    usd(cost.totals.semesterUsd.onDemand),
    usd(cost.totals.semesterUsd.spot),
    "",
  ]);
  const a = cost.assumptions;
  out.push(
    `Cost estimate (list prices as of ${cost.pricesAsOf}, USD, before credits)`,
    costs.toString(),
    `Assumes ${a.usageHoursPerDay} h/day x ${a.usageDaysPerWeek} days/week (${a.vmHoursPerMonth} VM hours a month), ${a.semesterWeeks} weeks (${a.semesterMonths} months), ${a.bucketGb} GB bucket, ${a.registryGb} GB images, ${a.buildMinutesPerMonth} build minutes a month; disks are billed while VMs are stopped.`,
    `Not included: ${cost.notIncluded.join("; ")}.`,
    `Sources: ${cost.sources.join("; ")}.`,
    "",
  );
  if (cost.studentsOverCredit.length > 0) {
    out.push(`Over their $${cost.students[0]?.creditUsd} credit: ${cost.studentsOverCredit.join(", ")}`, "");
  }

  if (plan.quotaNeeds.length > 0) {
    const quota = table(["GPU quota metric", "region", "needed if every VM runs"]);
    for (const need of plan.quotaNeeds) quota.push([need.metric, need.region ?? "all regions", need.needed]);
    out.push(quota.toString(), "");
  }
  for (const warning of plan.warnings) out.push(`warning: ${warning}`);
  if (plan.warnings.length > 0) out.push("");
  out.push("Stack outputs", JSON.stringify(run.outputs, null, 2));
  return out.join("\n");
}
