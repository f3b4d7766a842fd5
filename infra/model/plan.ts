import type { InputIssue } from "../settings/input-error";
import type { CourseConfig } from "../settings/config-schema";
import type { RosterStudent } from "../settings/roster";
import {
  courseGrants,
  studentGrants,
  CUSTOM_ROLES,
  type Grant,
  type CustomRoleDefinition,
  type CustomRoleKey,
} from "./access";
import {
  resolveHardware,
  resolveStudentHardware,
  zonesOffering,
  zonesOfRegion,
  type GpuChoice,
  type Hardware,
  type HardwareRequest,
} from "./catalog/accelerators";
import { imageFamilyProblem, imageFamilyUrl, imageFamilyWarning } from "./catalog/images";
import { courseLabels, isValidLabelValue, studentLabels, type Labels } from "./labels";
import {
  courseIdProblems,
  courseNames,
  studentNameProblems,
  studentNames,
  type CourseNames,
  type StudentNames,
} from "./naming";
import { placeStudent } from "./placement";
import { parseQuota, quotaDeclarationProblems, quotaNeeds, quotaProblems, type GpuVm, type QuotaNeed } from "./quota";

/** Google's IAP TCP forwarding range: the only source allowed to reach port 22. */
export const IAP_SSH_SOURCE_RANGES = ["35.235.240.0/20"] as const;
/** A schedule policy serves at most 1,000 VMs (cloud.google.com/compute/docs/instances/schedule-instance-start-stop). */
export const MAX_VMS_PER_SCHEDULE = 1000;
/** Budget alert thresholds: share of the amount, of current or forecasted spend. */
export const BUDGET_THRESHOLDS = [
  { percent: 0.5, basis: "CURRENT_SPEND" },
  { percent: 0.9, basis: "CURRENT_SPEND" },
  { percent: 1.0, basis: "CURRENT_SPEND" },
  { percent: 1.0, basis: "FORECASTED_SPEND" },
] as const;

export const COURSE_APIS = [
  "aiplatform.googleapis.com",
  "artifactregistry.googleapis.com",
  "cloudbuild.googleapis.com",
  "cloudresourcemanager.googleapis.com",
  "compute.googleapis.com",
  "iam.googleapis.com",
  "iap.googleapis.com",
  "logging.googleapis.com",
  "oslogin.googleapis.com",
  "secretmanager.googleapis.com",
  "storage.googleapis.com",
] as const;
const BUDGET_APIS = ["billingbudgets.googleapis.com", "monitoring.googleapis.com"];
const FEDERATION_APIS = ["iamcredentials.googleapis.com", "sts.googleapis.com"];

export interface SchedulingPlan {
  readonly provisioningModel: "STANDARD" | "SPOT";
  readonly preemptible: boolean;
  /** GPU VMs cannot live-migrate. */
  readonly onHostMaintenance: "TERMINATE" | "MIGRATE";
  readonly automaticRestart: boolean;
  /** What happens when Spot preempts or maxRunDuration ends: STOP keeps the disk. */
  readonly instanceTerminationAction?: "STOP";
  readonly maxRunDurationSeconds?: number;
}

export interface VmPlan {
  readonly name: string;
  readonly zone: string;
  readonly machineType: string;
  readonly gpu?: GpuChoice;
  readonly image: string;
  readonly bootDiskGb: number;
  readonly bootDiskType: "pd-balanced";
  readonly spot: boolean;
  readonly scheduling: SchedulingPlan;
  readonly metadata: Readonly<Record<string, string>>;
  /** Secure Boot blocks the unsigned NVIDIA kernel module, so GPU VMs run without it (vTPM and integrity monitoring stay on). */
  readonly shieldedVm: { readonly secureBoot: boolean; readonly vtpm: true; readonly integrityMonitoring: true };
  readonly networkTags: readonly string[];
}

export interface BucketPlan {
  readonly namePrefix: string;
  readonly location: string;
  readonly forceDestroy: boolean;
}

export interface RegistryPlan {
  readonly repositoryId: string;
  readonly location: string;
  readonly url: string;
  readonly keepVersions: number;
}

export interface BuildPlan {
  readonly triggerName: string;
  readonly linkedRepositoryName: string;
  readonly repository: string;
  readonly remoteUri: string;
  readonly branch: string;
  readonly configFile: string;
}

export interface CalendarDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface BudgetPlan {
  readonly displayName: string;
  readonly amountUnits: number;
  readonly currency: string;
  readonly labelFilter: Readonly<Record<string, string>>;
  /** The semester, when its start is configured; otherwise the budget runs over the calendar year. */
  readonly period?: { readonly start: CalendarDay; readonly end: CalendarDay };
}

/** The budget period of a semester: `weeks` weeks from its first day (the end day included). */
export function semesterPeriod(start: string, weeks: number): { start: CalendarDay; end: CalendarDay } {
  const first = new Date(`${start}T00:00:00Z`);
  const last = new Date(first.getTime() + (weeks * 7 - 1) * 86_400_000);
  const day = (date: Date): CalendarDay => ({
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
  });
  return { start: day(first), end: day(last) };
}

/** How a student's zone was chosen: pinned by the roster, or hashed from these candidates. */
export interface PlacementPlan {
  /** The zones the student could be placed in: zones of the region offering their GPU, within the zones setting. */
  readonly candidates: readonly string[];
  readonly pinned: boolean;
}

export interface StudentPlan {
  readonly key: string;
  readonly email: string;
  readonly displayName: string;
  readonly github?: string;
  readonly names: StudentNames;
  readonly labels: Labels;
  readonly vm: VmPlan;
  readonly placement: PlacementPlan;
  readonly bucket: BucketPlan;
  readonly registry: RegistryPlan;
  readonly build?: BuildPlan;
  readonly secrets: readonly string[];
  readonly budget?: BudgetPlan;
  readonly grants: readonly Grant[];
}

export type GithubConnectionPlan =
  | { readonly kind: "existing"; readonly name: string }
  | {
      readonly kind: "create";
      readonly name: string;
      readonly appInstallationId: number;
      readonly tokenSecretVersion: string;
      /** The secret (id) holding the token, which Cloud Build's service agent must be able to read. */
      readonly tokenSecretId: string;
    };

export interface CoursePlan {
  readonly project: string;
  readonly region: string;
  readonly stack: string;
  readonly courseId: string;
  readonly names: CourseNames;
  readonly labels: Labels;
  readonly apis: readonly string[];
  readonly subnetCidr: string;
  readonly stopSchedule: { readonly cron: string; readonly timeZone: string };
  readonly customRoles: Readonly<Record<CustomRoleKey, CustomRoleDefinition & { readonly id: string }>>;
  readonly instructors: readonly string[];
  readonly githubConnection?: GithubConnectionPlan;
  /** The attribute condition pins every student repository that may use the workload identity pool. */
  readonly githubActions?: { readonly repositories: readonly string[] };
  readonly billingAccount?: string;
  readonly protectStudentData: boolean;
  readonly grants: readonly Grant[];
  readonly students: readonly StudentPlan[];
  readonly quotaNeeds: readonly QuotaNeed[];
  readonly costInputs: CostInputs;
  readonly warnings: readonly string[];
}

export interface CostInputs {
  readonly usageHoursPerDay: number;
  readonly usageDaysPerWeek: number;
  readonly semesterWeeks: number;
  readonly bucketGb: number;
  readonly bucketLocation: string;
  readonly registryGb: number;
  readonly buildMinutesPerMonth: number;
  readonly creditUsd: number;
}

export interface CourseInputs {
  readonly stack: string;
  readonly project: string;
  readonly region: string;
  readonly config: CourseConfig;
  readonly students: readonly RosterStudent[];
  readonly rosterFile: string;
  /** Where a config key is written, for messages. */
  /** An issue about a course setting (`gpu`) or, given with its namespace, a provider setting (`gcp:region`). */
  readonly configIssue: (key: keyof CourseConfig | "gcp:region", message: string) => InputIssue;
}

/**
 * Turns validated inputs into the plan of everything the course consists of. Problems only visible with the
 * catalog and the whole roster (GPU fit, zones, quota, names) are added to `issues`; when any is found the plan must
 * not be used.
 */
export function planCourse(inputs: CourseInputs, issues: InputIssue[]): CoursePlan {
  const { config, region, project, stack } = inputs;
  const warnings: string[] = [];
  const configProblem = (key: keyof CourseConfig, message: string) => issues.push(inputs.configIssue(key, message));

  for (const problem of courseIdProblems(config.courseId)) configProblem("courseId", problem);
  if (!isValidLabelValue(stack)) {
    issues.push({
      file: `Pulumi.${stack}.yaml`,
      message: `stack name "${stack}" cannot be a label value (lowercase letters, digits, '_' and '-', at most 63); name the stack accordingly`,
    });
  }
  const imageProblem = imageFamilyProblem(config.imageFamily);
  if (imageProblem) configProblem("imageFamily", imageProblem);
  const imageWarning = imageFamilyWarning(config.imageFamily);
  if (imageWarning) warnings.push(imageWarning);

  const courseRequest: HardwareRequest = {
    machineType: config.machineType,
    gpu: config.gpu,
    gpuCount: config.gpuCount,
    region,
  };
  const courseHardware = resolveHardware(courseRequest);
  if (!courseHardware.ok) {
    // Each problem points at the setting the message asks to change; the region is a provider setting.
    const setting = courseHardware.setting === "region" ? "gcp:region" : courseHardware.setting;
    for (const problem of courseHardware.problems) issues.push(inputs.configIssue(setting, problem));
  }
  const regionZones = zonesOfRegion(region);
  for (const zone of config.zones) {
    if (!regionZones.includes(zone)) {
      configProblem(
        "zones",
        `${zone} is not a zone of ${region} known to the catalog; zones of ${region}: ${regionZones.join(", ")}`,
      );
    }
  }

  const courseGpu = courseHardware.ok ? courseHardware.hardware.gpu?.type : undefined;
  const validZones = config.zones.filter((z) => regionZones.includes(z));
  if (courseGpu !== undefined && validZones.length > 0) {
    // Said once here rather than on every student's roster line: the zones setting is what to change.
    const offering = zonesOffering(courseGpu, region);
    if (!validZones.some((z) => offering.includes(z))) {
      configProblem(
        "zones",
        `none of ${validZones.join(", ")} offers ${courseGpu}; zones of ${region} that do: ${offering.join(", ")}`,
      );
    }
  }

  const names = courseNames(config.courseId);
  const students: StudentPlan[] = [];
  for (const student of inputs.students) {
    const planned = planStudent(
      inputs,
      student,
      courseRequest,
      courseHardware.ok ? courseHardware.hardware : undefined,
      issues,
    );
    if (planned) students.push(planned);
  }
  students.sort((a, b) => a.key.localeCompare(b.key));

  if (students.length > MAX_VMS_PER_SCHEDULE) {
    issues.push({
      file: inputs.rosterFile,
      message: `${students.length} students exceed the ${MAX_VMS_PER_SCHEDULE} VMs one stop schedule can serve; split the class into per-student stacks`,
    });
  }
  if (students.some((s) => s.build)) {
    if (!config.githubConnection && !(config.githubAppInstallationId && config.githubTokenSecretVersion)) {
      configProblem(
        "githubConnection",
        "students have a repo, so build triggers need a Cloud Build GitHub connection: set githubConnection to an existing one, or githubAppInstallationId and githubTokenSecretVersion to create one (README: GitHub connection)",
      );
    }
  }
  const githubConnection: GithubConnectionPlan | undefined = config.githubConnection
    ? {
        kind: "existing",
        // A bare name is a connection of the course region.
        name: config.githubConnection.includes("/")
          ? config.githubConnection
          : `projects/${project}/locations/${region}/connections/${config.githubConnection}`,
      }
    : config.githubAppInstallationId && config.githubTokenSecretVersion
      ? {
          kind: "create",
          name: names.githubConnection,
          appInstallationId: config.githubAppInstallationId,
          tokenSecretVersion: config.githubTokenSecretVersion,
          tokenSecretId: config.githubTokenSecretVersion.split("/")[3] ?? "",
        }
      : undefined;

  const githubRepositories = config.githubActions ? students.flatMap((s) => (s.build ? [s.build.repository] : [])) : [];
  if (config.githubActions) {
    const condition = attributeCondition(githubRepositories);
    if (githubRepositories.length === 0) {
      configProblem("githubActions", "is on, but no student has a repo in the roster");
    } else if (condition.length > 4096) {
      configProblem(
        "githubActions",
        `the provider's attribute condition listing ${githubRepositories.length} repositories is ${condition.length} characters; Google allows 4096: use per-student stacks or fewer repositories`,
      );
    }
  }

  const gpuVms: GpuVm[] = students.flatMap((s) =>
    s.vm.gpu ? [{ gpuType: s.vm.gpu.type, count: s.vm.gpu.count, region, spot: s.vm.spot }] : [],
  );
  const declaredQuota = parseQuota(config.gpuQuota);
  for (const problem of quotaDeclarationProblems(declaredQuota, region)) configProblem("gpuQuota", problem);
  for (const problem of quotaProblems(gpuVms, declaredQuota)) configProblem("gpuQuota", problem);
  const needs = quotaNeeds(gpuVms, declaredQuota);
  if (declaredQuota.length === 0 && needs.length > 0) {
    warnings.push(
      `GPU quota not declared (gpuQuota), so not checked; the class needs ${needs.map((n) => `${n.metric}${n.region ? `@${n.region}` : ""}=${n.needed}`).join(", ")}`,
    );
  }

  const roleBase = (key: CustomRoleKey) => ({ ...CUSTOM_ROLES[key], id: names.roles[key] });
  return {
    project,
    region,
    stack,
    courseId: config.courseId,
    names,
    labels: courseLabels(config.courseId, stack),
    apis: [
      ...COURSE_APIS,
      ...(config.billingAccount ? BUDGET_APIS : []),
      ...(config.githubActions ? FEDERATION_APIS : []),
    ].sort(),
    subnetCidr: config.subnetCidr,
    stopSchedule: { cron: config.stopSchedule, timeZone: config.timeZone },
    customRoles: {
      studentVm: roleBase("studentVm"),
      student: roleBase("student"),
      vmScheduler: roleBase("vmScheduler"),
    },
    instructors: [...config.instructors],
    ...(githubConnection ? { githubConnection } : {}),
    ...(config.githubActions ? { githubActions: { repositories: githubRepositories } } : {}),
    ...(config.billingAccount ? { billingAccount: config.billingAccount } : {}),
    protectStudentData: config.protectStudentData,
    grants: courseGrants({
      instructors: config.instructors,
      createsGithubConnection: githubConnection?.kind === "create",
    }),
    students,
    quotaNeeds: needs,
    costInputs: {
      usageHoursPerDay:
        config.maxRunHours > 0 ? Math.min(config.usageHoursPerDay, config.maxRunHours) : config.usageHoursPerDay,
      usageDaysPerWeek: config.usageDaysPerWeek,
      semesterWeeks: config.semesterWeeks,
      bucketGb: config.bucketGb,
      bucketLocation: config.bucketLocation,
      registryGb: config.registryGb,
      buildMinutesPerMonth: config.buildMinutesPerMonth,
      creditUsd: config.budgetUsd,
    },
    warnings,
  };
}

/** CEL condition of the workload identity provider: only the listed repositories may exchange tokens. */
export function attributeCondition(repositories: readonly string[]): string {
  return `assertion.repository in [${repositories.map((r) => `'${r}'`).join(", ")}]`;
}

function planStudent(
  inputs: CourseInputs,
  student: RosterStudent,
  courseRequest: HardwareRequest,
  courseHardware: Hardware | undefined,
  issues: InputIssue[],
): StudentPlan | undefined {
  const { config, region, project, stack } = inputs;
  const at = (field: string, message: string) =>
    issues.push({ file: inputs.rosterFile, line: student.line, field, message });
  const key = student.id;
  const nameProblems = studentNameProblems(config.courseId, key);
  for (const problem of nameProblems) at("id", problem);

  let hardware = courseHardware;
  if (student.gpu !== undefined) {
    const resolved = resolveStudentHardware(courseRequest, student.gpu);
    if (!resolved.ok) {
      for (const problem of resolved.problems) at("gpu", problem);
      return undefined;
    }
    hardware = resolved.hardware;
  }
  if (!hardware || nameProblems.length > 0) return undefined;

  const gpuType = hardware.gpu?.type;
  const offering = zonesOffering(gpuType, region);
  const allowed = config.zones.length > 0 ? offering.filter((z) => config.zones.includes(z)) : offering;
  let zone: string;
  if (student.zone !== undefined) {
    if (!offering.includes(student.zone)) {
      at(
        "zone",
        `${student.zone} cannot host ${gpuType ?? "this VM"} in ${region}; zones that can: ${offering.join(", ") || "none"}`,
      );
      return undefined;
    }
    zone = student.zone;
  } else if (allowed.length === 0) {
    // Without a GPU override the zones setting itself is at fault, and planCourse reports it once.
    if (student.gpu !== undefined && gpuType !== undefined) {
      at(
        "gpu",
        `no allowed zone offers ${gpuType}: zones setting is ${config.zones.join(", ")}; zones of ${region} that offer it: ${offering.join(", ") || "none"}`,
      );
    }
    return undefined;
  } else {
    zone = placeStudent(key, allowed);
  }

  const names = studentNames(config.courseId, key);
  const spot = student.spot ?? config.spot;
  const secrets = config.studentSecrets.map((s) => names.secret(s));
  const repository = student.repo ? `${student.repo.owner}/${student.repo.name}` : undefined;
  return {
    key,
    email: student.email,
    displayName: student.name ?? key,
    ...(student.github ? { github: student.github } : {}),
    names,
    labels: studentLabels(config.courseId, stack, key),
    vm: planVm(config, names.vm, zone, hardware, spot, config.courseId),
    placement: { candidates: allowed, pinned: student.zone !== undefined },
    bucket: { namePrefix: names.bucketPrefix, location: config.bucketLocation, forceDestroy: config.forceDestroy },
    registry: {
      repositoryId: names.repository,
      location: region,
      url: `${region}-docker.pkg.dev/${project}/${names.repository}`,
      keepVersions: config.keepImageVersions,
    },
    ...(repository
      ? {
          build: {
            triggerName: names.trigger,
            linkedRepositoryName: names.linkedRepository,
            repository,
            remoteUri: `https://github.com/${repository}.git`,
            branch: config.buildBranch,
            configFile: config.buildConfigFile,
          },
        }
      : {}),
    secrets,
    ...(config.billingAccount
      ? {
          budget: {
            displayName: names.budget,
            amountUnits: config.budgetUsd,
            currency: config.budgetCurrency,
            labelFilter: { student: key },
            ...(config.semesterStart ? { period: semesterPeriod(config.semesterStart, config.semesterWeeks) } : {}),
          },
        }
      : {}),
    grants: studentGrants({
      student: key,
      secrets,
      ...(config.githubActions && repository ? { githubActionsRepository: repository } : {}),
    }),
  };
}

function planVm(
  config: CourseConfig,
  name: string,
  zone: string,
  hardware: Hardware,
  spot: boolean,
  courseId: string,
): VmPlan {
  const gpu = hardware.gpu;
  const [cpuImageProject, cpuImageFamily] = config.cpuImage.split("/") as [string, string];
  const maxRun = config.maxRunHours > 0 ? { maxRunDurationSeconds: config.maxRunHours * 3600 } : {};
  const scheduling: SchedulingPlan = spot
    ? {
        provisioningModel: "SPOT",
        preemptible: true,
        onHostMaintenance: "TERMINATE",
        automaticRestart: false,
        instanceTerminationAction: "STOP",
        ...maxRun,
      }
    : {
        provisioningModel: "STANDARD",
        preemptible: false,
        onHostMaintenance: gpu ? "TERMINATE" : "MIGRATE",
        automaticRestart: true,
        ...(config.maxRunHours > 0 ? { instanceTerminationAction: "STOP" as const, ...maxRun } : {}),
      };
  return {
    name,
    zone,
    machineType: hardware.machineType,
    ...(gpu ? { gpu } : {}),
    image: gpu
      ? imageFamilyUrl(config.imageProject, config.imageFamily)
      : imageFamilyUrl(cpuImageProject, cpuImageFamily),
    bootDiskGb: config.bootDiskGb,
    bootDiskType: "pd-balanced",
    spot,
    scheduling,
    metadata: {
      "enable-oslogin": "TRUE",
      "block-project-ssh-keys": "TRUE",
      "serial-port-enable": "FALSE",
      ...(gpu ? { "install-nvidia-driver": "True" } : {}),
    },
    shieldedVm: { secureBoot: !gpu, vtpm: true, integrityMonitoring: true },
    networkTags: [courseNames(courseId).vmTag],
  };
}
