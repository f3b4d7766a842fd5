/**
 * Course guardrails: GPUs only from the course catalog, every VM on the nightly stop schedule, every labellable
 * resource carrying the course labels (budgets and cleanup find resources by them).
 */
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { acceleratorFacts, knownAcceleratorTypes } from "../../infra/model/catalog/accelerators";
import { machineShape } from "../../infra/model/catalog/machines";
import { MANAGED_BY } from "../../infra/model/labels";
import { T, asArray, asRecord, asString, at, known, lastSegment, resourcePolicy, stackPolicy } from "./support";

export interface AcceleratorPolicyConfig {
  /** Accelerator types a VM may carry; default: every type of the course catalog. */
  readonly allowedAcceleratorTypes?: readonly string[];
}

export const vmAllowedAccelerators = resourcePolicy(
  {
    name: "vm-allowed-accelerators",
    description:
      "VMs use machine types and GPUs of the course catalog (infra/model/catalog), in counts Google offers for them, and only the accelerator types the course allows: a typo or a bigger GPU is a bill, not a warning.",
    remediationSteps: "Pick a machine type and GPU from the catalog (npm run plan lists them).",
    severity: "high",
    configSchema: {
      properties: {
        allowedAcceleratorTypes: {
          type: "array",
          items: { type: "string", enum: knownAcceleratorTypes() },
          description: "Accelerator types a VM may carry; default: every type of the course catalog.",
        },
      },
    },
  },
  [T.instance],
  (props, args, report) => {
    const allowed = args.getConfig<AcceleratorPolicyConfig>().allowedAcceleratorTypes ?? knownAcceleratorTypes();
    const machineType = asString(props.machineType);
    const shape = machineType === undefined ? undefined : machineShape(lastSegment(machineType));
    if (!shape) report(`machine type ${machineType ?? "(none)"} is not in the course catalog`);
    const builtIn = shape?.builtInGpu;
    if (builtIn) {
      if (!acceleratorFacts(builtIn.type)) {
        report(`${shape.machineType} carries ${builtIn.type}, which the course catalog does not offer`);
      } else if (!allowed.includes(builtIn.type)) {
        report(`${shape.machineType} carries ${builtIn.type}; allowed: ${allowed.join(", ")}`);
      }
    }
    const accelerators = asArray(props.guestAccelerators);
    if (accelerators.length > 1) report("a VM takes one kind of accelerator");
    for (const accelerator of accelerators) {
      const type = lastSegment(asString(at(accelerator, "type")) ?? "");
      const count = Number(at(accelerator, "count"));
      const facts = acceleratorFacts(type);
      if (!facts) {
        report(`unknown accelerator type "${type}"; the catalog knows ${knownAcceleratorTypes().join(", ")}`);
      } else if (!allowed.includes(type)) {
        report(`accelerator ${type} is not allowed; allowed: ${allowed.join(", ")}`);
      } else if (facts.attach !== "attached") {
        report(`${type} is built into ${facts.machinePrefix ?? "its"}* machine types and cannot be attached`);
      } else if (!facts.counts?.[count]) {
        report(`${type} comes in counts of ${Object.keys(facts.counts ?? {}).join(", ")}, not ${count}`);
      } else if (builtIn) {
        report(`${shape.machineType} already carries a GPU and cannot take ${type}`);
      }
    }
  },
);

export const vmStopSchedule = resourcePolicy(
  {
    name: "vm-stop-schedule",
    description:
      "Every VM is attached to the course's nightly stop schedule (resourcePolicies), so a forgotten GPU VM stops costing money overnight.",
    remediationSteps: "Set resourcePolicies to the course's stop schedule.",
  },
  [T.instance],
  (props, _args, report) => {
    if (asArray(props.resourcePolicies).filter((p) => typeof p === "string" && p !== "").length === 0) {
      report("the VM has no resource policy, so nothing stops it at night");
    }
  },
);

/** Finds the ResourcePolicy a VM's `resourcePolicies` entry names: self link, `projects/.../resourcePolicies/n`, or n. */
function findResourcePolicy(reference: string, policies: readonly PolicyResource[]): PolicyResource | undefined {
  const region = /\/regions\/([^/]+)\//.exec(reference)?.[1];
  const name = lastSegment(reference);
  return policies.find((p) => {
    // Each field on its own: a preview may know the name and region but not yet the self link.
    const read = (field: string) => known(() => p.props[field]);
    if (read("selfLink") === reference || read("id") === reference) return true;
    const policyRegion = read("region");
    return read("name") === name && (region === undefined || policyRegion === undefined || policyRegion === region);
  });
}

export const vmStopScheduleExists = stackPolicy(
  {
    name: "vm-stop-schedule-exists",
    description:
      "The resource policy each VM is attached to is a schedule of this stack that stops VMs (instanceSchedulePolicy.vmStopSchedule).",
    remediationSteps: "Attach the VM to the course's stop schedule (guardrails component).",
  },
  (resources, _args, report) => {
    const policies = resources.filter((r) => r.type === T.resourcePolicy);
    for (const vm of resources.filter((r) => r.type === T.instance)) {
      // A reference a preview does not know yet is checked on `pulumi up`.
      const references = known(() => asArray(vm.props.resourcePolicies).filter((p) => typeof p === "string")) ?? [];
      for (const reference of references as string[]) {
        const policy = findResourcePolicy(reference, policies);
        if (!policy) {
          report(`${vm.name}: resource policy ${reference} is not a resource of this stack`, vm.urn);
        } else if (
          known(() => asString(at(policy.props, "instanceSchedulePolicy", "vmStopSchedule", "schedule")) ?? "") === ""
        ) {
          report(`${vm.name}: resource policy ${reference} has no VM stop schedule`, vm.urn);
        }
      }
    }
  },
);

/** Labels every labellable resource of the course carries. */
export const REQUIRED_LABELS = ["course", "stack", "managed-by"] as const;

/** Where each labellable type keeps its labels. */
const LABEL_FIELDS: Readonly<Record<string, string>> = {
  [T.instance]: "labels",
  [T.bucket]: "labels",
  [T.dockerRepository]: "labels",
  [T.secret]: "labels",
  [T.notificationChannel]: "userLabels",
};

export const courseLabels = resourcePolicy(
  {
    name: "course-labels",
    description: `Every labellable resource (VM, bucket, Docker repository, secret, notification channel) carries the labels ${REQUIRED_LABELS.join(", ")}, with managed-by ${MANAGED_BY}: billing reports, budgets and cleanup find resources by them.`,
    remediationSteps: "Pass the course labels (infra/model/labels.ts) to the resource.",
    severity: "medium",
  },
  Object.keys(LABEL_FIELDS),
  (props, args, report) => {
    const field = LABEL_FIELDS[args.type]!;
    const labels = asRecord(props[field]) ?? {};
    const missing = REQUIRED_LABELS.filter((key) => typeof labels[key] !== "string" || labels[key] === "");
    if (missing.length > 0) report(`${field} lack ${missing.join(", ")}`);
    if (labels["managed-by"] !== undefined && labels["managed-by"] !== MANAGED_BY) {
      report(`${field}.managed-by is ${String(labels["managed-by"])}, not ${MANAGED_BY}`);
    }
  },
);

export const GUARDRAIL_RESOURCE_POLICIES: readonly ResourceValidationPolicy[] = [
  vmAllowedAccelerators,
  vmStopSchedule,
  courseLabels,
];

export const GUARDRAIL_STACK_POLICIES: readonly StackValidationPolicy[] = [vmStopScheduleExists];
