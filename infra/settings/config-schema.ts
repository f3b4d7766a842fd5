import { z } from "zod";

/**
 * Every course setting: its Pulumi config type, description and default. `Pulumi.yaml` declares the same keys
 * (a test keeps the two identical), so the Pulumi CLI checks types and fills defaults, and this module checks
 * everything else, with every problem reported at once.
 */

export const PROJECT_NAME = "course-cloud";

export type ConfigType = "string" | "integer" | "boolean" | "array";

export interface SettingSpec<T> {
  readonly type: ConfigType;
  readonly description: string;
  readonly default: T;
  /** Rules beyond the type; messages name the rule broken. */
  readonly schema: z.ZodType<T>;
}

const spec = <T>(type: ConfigType, description: string, defaultValue: T, schema: z.ZodType<T>): SettingSpec<T> => ({
  type,
  description,
  default: defaultValue,
  schema,
});

/** A real day of the calendar written YYYY-MM-DD (2027-02-30 is not). */
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

const positiveInt = (max: number) => z.number().int().min(1, "must be at least 1").max(max, `must be at most ${max}`);
const nonNegativeInt = (max: number) =>
  z.number().int().min(0, "must not be negative").max(max, `must be at most ${max}`);
const email = z.email("is not a valid email address");

export const SETTINGS = {
  courseId: spec(
    "string",
    "Short course id used in every cloud name and label, e.g. mlops-e27 (2-12 lowercase characters). Include the term: Google keeps deleted service account ids for 30 days.",
    "mlops",
    z.string(),
  ),
  roster: spec(
    "string",
    "Path of the roster CSV, relative to the project directory.",
    "stacks/rosters/dev.csv",
    z.string().min(1, "must not be empty"),
  ),
  machineType: spec(
    "string",
    "Compute Engine machine type of every student VM (a per-student gpu override may bring its own).",
    "n1-standard-4",
    z.string().min(1, "must not be empty"),
  ),
  gpu: spec(
    "string",
    "Accelerator type of every student VM (e.g. nvidia-tesla-t4, nvidia-l4), or none for CPU-only VMs.",
    "nvidia-tesla-t4",
    z.string().min(1, "must not be empty"),
  ),
  gpuCount: spec("integer", "GPUs per VM.", 1, positiveInt(8)),
  spot: spec(
    "boolean",
    "Run student VMs as Spot VMs (60-91% cheaper, can be preempted; stopped, not deleted). The roster's spot column overrides it per student.",
    false,
    z.boolean(),
  ),
  zones: spec(
    "array",
    "Zones of the region where student VMs may go; empty means every zone of the region that offers the VM's GPU. Students are spread over them by id.",
    [] as string[],
    z.array(z.string().min(1)),
  ),
  imageProject: spec(
    "string",
    "Image project of GPU VMs (Deep Learning VM images).",
    "deeplearning-platform-release",
    z.string().min(1),
  ),
  imageFamily: spec(
    "string",
    "Deep Learning VM image family of GPU VMs; changing it only affects VMs created afterwards.",
    "pytorch-2-9-cu129-ubuntu-2204-nvidia-580",
    z.string().min(1),
  ),
  cpuImage: spec(
    "string",
    "Image of VMs without a GPU, as <project>/<family>.",
    "ubuntu-os-cloud/ubuntu-2404-lts-amd64",
    z.string().regex(/^[a-z][-a-z0-9.]*\/[a-z][-a-z0-9]*$/, "must be <image project>/<image family>"),
  ),
  bootDiskGb: spec(
    "integer",
    "Boot disk size of each VM in GB (Deep Learning VM images need at least 50).",
    100,
    z.number().int().min(50, "must be at least 50 (Deep Learning VM images)").max(2000, "must be at most 2000"),
  ),
  subnetCidr: spec(
    "string",
    "IP range of the course subnet.",
    "10.42.0.0/20",
    z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/(1[6-9]|2[0-9])$/, "must be an IPv4 CIDR between /16 and /29"),
  ),
  bucketLocation: spec(
    "string",
    "Location of student buckets (multi-region such as EU, or a region).",
    "EU",
    z.string().min(1),
  ),
  forceDestroy: spec(
    "boolean",
    "Let pulumi destroy delete student buckets that still hold objects. Keep false during the semester.",
    false,
    z.boolean(),
  ),
  protectStudentData: spec(
    "boolean",
    "Protect student VMs, buckets and registries in Pulumi state: removing a student or a change that would replace them fails instead of deleting data. Set false (and forceDestroy true) to tear down at semester end.",
    true,
    z.boolean(),
  ),
  keepImageVersions: spec(
    "integer",
    "Artifact Registry cleanup policy: most recent versions kept per image.",
    5,
    positiveInt(100),
  ),
  buildBranch: spec("string", "Branch regex that triggers a student's Cloud Build.", "^main$", z.string().min(1)),
  buildConfigFile: spec(
    "string",
    "Build config file in the student's repository.",
    "cloudbuild.yaml",
    z.string().min(1),
  ),
  githubConnection: spec(
    "string",
    "Existing Cloud Build 2nd-gen GitHub connection in the course region (name or full resource name). Leave empty to create one from githubAppInstallationId and githubTokenSecretVersion.",
    "",
    z.string(),
  ),
  githubAppInstallationId: spec(
    "integer",
    "Installation id of the Cloud Build GitHub App on the class's organisation (to create the connection).",
    0,
    nonNegativeInt(Number.MAX_SAFE_INTEGER),
  ),
  githubTokenSecretVersion: spec(
    "string",
    "Secret Manager secret version holding the GitHub OAuth token of the connection (projects/<p>/secrets/<s>/versions/<v>), to create the connection.",
    "",
    z
      .string()
      .regex(
        /^$|^projects\/[^/]+\/secrets\/[^/]+\/versions\/[^/]+$/,
        "must be projects/<project>/secrets/<secret>/versions/<version>",
      ),
  ),
  instructors: spec(
    "array",
    "Google accounts of the instructors and TAs, who administer the class and get budget alerts.",
    [] as string[],
    z.array(email),
  ),
  stopSchedule: spec(
    "string",
    "Cron (5 fields) of the nightly stop of every student VM; nothing starts VMs automatically.",
    "0 22 * * *",
    z.string().regex(/^(\S+\s+){4}\S+$/, "must be a 5-field cron expression"),
  ),
  timeZone: spec("string", "IANA time zone of the stop schedule.", "Europe/Copenhagen", z.string().min(1)),
  maxRunHours: spec(
    "integer",
    "Stop a VM after this many hours of running (0: no limit).",
    0,
    nonNegativeInt(24 * 120),
  ),
  billingAccount: spec(
    "string",
    "Billing account id (XXXXXX-XXXXXX-XXXXXX). When set, every student gets a budget with alerts to the instructors.",
    "",
    z.string().regex(/^$|^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/, "must look like 012345-6789AB-CDEF01"),
  ),
  budgetUsd: spec("integer", "Each student's budget (their credit) for the semester.", 50, positiveInt(100000)),
  budgetCurrency: spec(
    "string",
    "Currency of the billing account (budgets must use it).",
    "USD",
    z.string().regex(/^[A-Z]{3}$/, "must be a 3-letter currency code"),
  ),
  gpuQuota: spec(
    "array",
    "The project's GPU quota, as METRIC=N (global, e.g. GPUS_ALL_REGIONS=8) or METRIC@region=N (e.g. NVIDIA_T4_GPUS@europe-west1=8). Empty: not checked.",
    [] as string[],
    z.array(z.string().regex(/^[A-Z0-9_]+(@[a-z0-9-]+)?=\d+$/, "must be METRIC=N or METRIC@region=N")),
  ),
  usageHoursPerDay: spec("integer", "Cost estimate: hours a student's VM runs on a day of use.", 3, positiveInt(24)),
  usageDaysPerWeek: spec("integer", "Cost estimate: days of use a week.", 5, positiveInt(7)),
  semesterWeeks: spec(
    "integer",
    "Length of the semester in weeks (cost estimate, budget period).",
    13,
    positiveInt(52),
  ),
  semesterStart: spec(
    "string",
    "First day of the semester (YYYY-MM-DD). When set, budgets cover the semester (semesterWeeks from this day) instead of the calendar year.",
    "",
    z
      .string()
      .refine((v) => v === "" || isCalendarDate(v), { message: "must be a date written YYYY-MM-DD, e.g. 2027-02-01" }),
  ),
  bucketGb: spec("integer", "Cost estimate: GB a student keeps in their bucket.", 10, nonNegativeInt(100000)),
  registryGb: spec(
    "integer",
    "Cost estimate: GB of images a student keeps in their registry.",
    5,
    nonNegativeInt(100000),
  ),
  buildMinutesPerMonth: spec(
    "integer",
    "Cost estimate: Cloud Build minutes a student uses a month.",
    60,
    nonNegativeInt(100000),
  ),
  studentSecrets: spec(
    "array",
    "Secret Manager secrets every student gets (empty; the student adds the value), e.g. wandb-api-key.",
    [] as string[],
    z.array(z.string().regex(/^[a-z][a-z0-9-]{0,29}$/, "must be 1-30 lowercase letters, digits and '-'")),
  ),
  githubActions: spec(
    "boolean",
    "Workload Identity Federation for students' GitHub Actions: each student's repository may impersonate only that student's service account.",
    false,
    z.boolean(),
  ),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type CourseConfig = { -readonly [K in SettingKey]: (typeof SETTINGS)[K]["default"] };
