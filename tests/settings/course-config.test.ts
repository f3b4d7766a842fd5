import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import { SETTINGS, type CourseConfig } from "../../infra/settings/config-schema";
import { readCourseConfig, readProviderConfig } from "../../infra/settings/course-config";
import { IssueCollector, formatIssue, type InputIssue } from "../../infra/settings/input-error";
import {
  locateConfigKeys,
  stackConfigFile,
  stackConfigSource,
  type StackConfigSource,
} from "../../infra/settings/stack-config";

const FILE = "Pulumi.test.yaml";

/** A config source as the engine gives it, with the lines of the keys written in the stack file. */
function source(values: Record<string, string>, lines: Record<string, number> = {}): StackConfigSource {
  return { stack: "test", file: FILE, values, lineOf: (key) => lines[key] };
}

function readConfig(
  values: Record<string, string>,
  lines: Record<string, number> = {},
): { config: CourseConfig; issues: readonly InputIssue[] } {
  const issues = new IssueCollector();
  const config = readCourseConfig(source(values, lines), issues);
  return { config, issues: issues.issues };
}

void describe("readCourseConfig", () => {
  void test("with nothing set gives every default, and the defaults are the documented ones", () => {
    const { config, issues } = readConfig({});
    assert.deepEqual(issues, []);
    assert.deepEqual(Object.keys(config).sort(), Object.keys(SETTINGS).sort());
    assert.deepEqual(
      {
        courseId: config.courseId,
        roster: config.roster,
        machineType: config.machineType,
        gpu: config.gpu,
        gpuCount: config.gpuCount,
        spot: config.spot,
        zones: config.zones,
        imageProject: config.imageProject,
        imageFamily: config.imageFamily,
        bucketLocation: config.bucketLocation,
        forceDestroy: config.forceDestroy,
        keepImageVersions: config.keepImageVersions,
        buildBranch: config.buildBranch,
        buildConfigFile: config.buildConfigFile,
        stopSchedule: config.stopSchedule,
        timeZone: config.timeZone,
        maxRunHours: config.maxRunHours,
        billingAccount: config.billingAccount,
        budgetUsd: config.budgetUsd,
        gpuQuota: config.gpuQuota,
        instructors: config.instructors,
      },
      {
        courseId: "mlops",
        roster: "stacks/rosters/dev.csv",
        machineType: "n1-standard-4",
        gpu: "nvidia-tesla-t4",
        gpuCount: 1,
        spot: false,
        zones: [],
        imageProject: "deeplearning-platform-release",
        imageFamily: "pytorch-2-9-cu129-ubuntu-2204-nvidia-580",
        bucketLocation: "EU",
        forceDestroy: false,
        keepImageVersions: 5,
        buildBranch: "^main$",
        buildConfigFile: "cloudbuild.yaml",
        stopSchedule: "0 22 * * *",
        timeZone: "Europe/Copenhagen",
        maxRunHours: 0,
        billingAccount: "",
        budgetUsd: 50,
        gpuQuota: [],
        instructors: [],
      },
    );
  });

  void test("parses integers, booleans and lists (as JSON, the way the engine passes them)", () => {
    const { config, issues } = readConfig({
      "course-cloud:gpuCount": "2",
      "course-cloud:spot": "true",
      "course-cloud:forceDestroy": "false",
      "course-cloud:zones": '["europe-west1-b","europe-west1-d"]',
      "course-cloud:instructors": '["teacher@example.edu"]',
      "course-cloud:maxRunHours": "8",
      "course-cloud:billingAccount": "012345-6789AB-CDEF01",
      "course-cloud:gpuQuota": '["GPUS_ALL_REGIONS=8","NVIDIA_T4_GPUS@europe-west1=8"]',
    });
    assert.deepEqual(issues, []);
    assert.equal(config.gpuCount, 2);
    assert.equal(config.spot, true);
    assert.equal(config.forceDestroy, false);
    assert.deepEqual(config.zones, ["europe-west1-b", "europe-west1-d"]);
    assert.deepEqual(config.instructors, ["teacher@example.edu"]);
    assert.equal(config.maxRunHours, 8);
    assert.equal(config.billingAccount, "012345-6789AB-CDEF01");
    assert.deepEqual(config.gpuQuota, ["GPUS_ALL_REGIONS=8", "NVIDIA_T4_GPUS@europe-west1=8"]);
  });

  const rejected: { key: string; raw: string; message: string }[] = [
    { key: "gpuCount", raw: "two", message: '"two" is not an integer' },
    { key: "gpuCount", raw: "1.5", message: '"1.5" is not an integer' },
    { key: "gpuCount", raw: "", message: '"" is not an integer' },
    { key: "gpuCount", raw: "0", message: "0 must be at least 1" },
    { key: "gpuCount", raw: "9", message: "9 must be at most 8" },
    { key: "maxRunHours", raw: "-1", message: "-1 must not be negative" },
    { key: "bootDiskGb", raw: "10", message: "10 must be at least 50 (Deep Learning VM images)" },
    { key: "spot", raw: "yes", message: '"yes" is not true or false' },
    { key: "forceDestroy", raw: "1", message: '"1" is not true or false' },
    { key: "zones", raw: "europe-west1-b", message: "must be a YAML list of strings" },
    { key: "zones", raw: "[1,2]", message: "must be a YAML list of strings" },
    { key: "zones", raw: '{"a":"b"}', message: "must be a YAML list of strings" },
    { key: "billingAccount", raw: "0123456789AB", message: '"0123456789AB" must look like 012345-6789AB-CDEF01' },
    { key: "stopSchedule", raw: "0 22 * *", message: '"0 22 * *" must be a 5-field cron expression' },
    {
      key: "semesterStart",
      raw: "2027-02-30",
      message: '"2027-02-30" must be a date written YYYY-MM-DD, e.g. 2027-02-01',
    },
    {
      key: "semesterStart",
      raw: "1 Feb 2027",
      message: '"1 Feb 2027" must be a date written YYYY-MM-DD, e.g. 2027-02-01',
    },
    {
      key: "instructors",
      raw: '["teacher@example.edu","ta-at-example.edu"]',
      message: 'item 2 "ta-at-example.edu" is not a valid email address',
    },
    {
      key: "gpuQuota",
      raw: '["GPUS_ALL_REGIONS=8","nvidia_t4_gpus@europe-west1=8"]',
      message: 'item 2 "nvidia_t4_gpus@europe-west1=8" must be METRIC=N or METRIC@region=N',
    },
    {
      key: "studentSecrets",
      raw: '["wandb-api-key","HF_TOKEN"]',
      message: `item 2 "HF_TOKEN" must be 1-30 lowercase letters, digits and '-'`,
    },
    {
      key: "githubTokenSecretVersion",
      raw: "github-token",
      message: '"github-token" must be projects/<project>/secrets/<secret>/versions/<version>',
    },
    {
      key: "cpuImage",
      raw: "ubuntu-2404-lts-amd64",
      message: '"ubuntu-2404-lts-amd64" must be <image project>/<image family>',
    },
    { key: "subnetCidr", raw: "10.42.0.0/8", message: '"10.42.0.0/8" must be an IPv4 CIDR between /16 and /29' },
    { key: "budgetCurrency", raw: "usd", message: '"usd" must be a 3-letter currency code' },
  ];
  for (const { key, raw, message } of rejected) {
    void test(`rejects ${key} = ${JSON.stringify(raw)} with the rule, the key and its line, and falls back to the default`, () => {
      const fullKey = `course-cloud:${key}`;
      const { config, issues } = readConfig({ [fullKey]: raw }, { [fullKey]: 12 });
      assert.deepEqual(issues, [{ file: FILE, line: 12, field: fullKey, message }]);
      assert.deepEqual(config[key as keyof CourseConfig], SETTINGS[key as keyof typeof SETTINGS].default);
    });
  }

  void test("reports every broken value at once", () => {
    const { issues } = readConfig({
      "course-cloud:gpuCount": "two",
      "course-cloud:billingAccount": "nope",
      "course-cloud:instructors": '["nope","also-nope","teacher@example.edu"]',
    });
    assert.deepEqual(issues.map(formatIssue), [
      `${FILE}: course-cloud:gpuCount: "two" is not an integer`,
      `${FILE}: course-cloud:instructors: item 1 "nope" is not a valid email address`,
      `${FILE}: course-cloud:instructors: item 2 "also-nope" is not a valid email address`,
      `${FILE}: course-cloud:billingAccount: "nope" must look like 012345-6789AB-CDEF01`,
    ]);
  });

  const unknown: { key: string; message: string }[] = [
    {
      key: "course-cloud:machinetype",
      message: "unknown setting; did you mean course-cloud:machineType? (settings are listed in Pulumi.yaml)",
    },
    {
      key: "course-cloud:gpuCuont",
      message: "unknown setting; did you mean course-cloud:gpuCount? (settings are listed in Pulumi.yaml)",
    },
    {
      key: "course-cloud:zone",
      message: "unknown setting; did you mean course-cloud:zones? (settings are listed in Pulumi.yaml)",
    },
    { key: "course-cloud:semester", message: "unknown setting (settings are listed in Pulumi.yaml)" },
  ];
  for (const { key, message } of unknown) {
    void test(`reports the unknown key ${key}`, () => {
      const { issues } = readConfig({ [key]: "x" }, { [key]: 4 });
      assert.deepEqual(issues, [{ file: FILE, line: 4, field: key, message }]);
    });
  }

  void test("leaves keys of other namespaces alone", () => {
    const { issues } = readConfig({ "gcp:zone": "europe-west1-b", "random:x": "1", "gcp:project": "p" });
    assert.deepEqual(issues, []);
  });
});

void describe("readProviderConfig", () => {
  void test("reads gcp:project and gcp:region", () => {
    const issues = new IssueCollector();
    assert.deepEqual(readProviderConfig(source({ "gcp:project": "mlops-e27", "gcp:region": "europe-west1" }), issues), {
      project: "mlops-e27",
      region: "europe-west1",
    });
    assert.deepEqual(issues.issues, []);
  });

  void test("requires both, blank counts as missing, and says how to set them", () => {
    const issues = new IssueCollector();
    readProviderConfig(source({ "gcp:project": "  " }), issues);
    assert.deepEqual(issues.issues, [
      {
        file: FILE,
        field: "gcp:project",
        message: "is required; set it with: pulumi config set gcp:project my-course-project --stack test",
      },
      {
        file: FILE,
        field: "gcp:region",
        message: "is required; set it with: pulumi config set gcp:region europe-west1 --stack test",
      },
    ]);
  });
});

void describe("stackConfigSource finds the line of each key in the stack file", () => {
  const yaml = [
    "# The test stack.",
    "config:",
    "  gcp:project: mlops-test",
    "  gcp:region: europe-west1",
    "  course-cloud:gpuCount: two",
    "  course-cloud:instructors:",
    "    - teacher@example.edu",
    "    - nope",
    "",
    "  course-cloud:machinetyp: n1-standard-4",
    "  spot: maybe",
    "",
  ].join("\n");
  // What the engine passes for that file: strings, lists as JSON, keys without namespace in the project's.
  const values = {
    "gcp:project": "mlops-test",
    "gcp:region": "europe-west1",
    "course-cloud:gpuCount": "two",
    "course-cloud:instructors": '["teacher@example.edu","nope"]',
    "course-cloud:machinetyp": "n1-standard-4",
    "course-cloud:spot": "maybe",
  };

  function withProject<T>(files: Record<string, string>, use: (root: string) => T): T {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "course-config-"));
    try {
      for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
      return use(root);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }

  void test("and every message names Pulumi.<stack>.yaml and that line", () => {
    const issues = withProject({ [stackConfigFile("test")]: yaml }, (root) => {
      const collector = new IssueCollector();
      const stackConfig = stackConfigSource(root, "test", values);
      readProviderConfig(stackConfig, collector);
      readCourseConfig(stackConfig, collector);
      return collector.issues;
    });
    assert.deepEqual(issues.map(formatIssue), [
      'Pulumi.test.yaml:5: course-cloud:gpuCount: "two" is not an integer',
      'Pulumi.test.yaml:11: course-cloud:spot: "maybe" is not true or false',
      'Pulumi.test.yaml:6: course-cloud:instructors: item 2 "nope" is not a valid email address',
      "Pulumi.test.yaml:10: course-cloud:machinetyp: unknown setting; did you mean course-cloud:machineType? (settings are listed in Pulumi.yaml)",
    ]);
  });

  void test("locateConfigKeys gives each top-level key under config its line", () => {
    const lines = withProject({ "Pulumi.test.yaml": yaml }, (root) => locateConfigKeys(root, "Pulumi.test.yaml"));
    assert.deepEqual(Object.fromEntries(lines), {
      "gcp:project": 3,
      "gcp:region": 4,
      "course-cloud:gpuCount": 5,
      "course-cloud:instructors": 6,
      "course-cloud:machinetyp": 10,
      spot: 11,
    });
  });

  void test("a missing stack file (config given on the command line) gives messages without lines", () => {
    const issues = withProject({}, (root) => {
      const collector = new IssueCollector();
      readCourseConfig(stackConfigSource(root, "test", { "course-cloud:gpuCount": "two" }), collector);
      return collector.issues;
    });
    assert.deepEqual(issues, [{ file: FILE, field: "course-cloud:gpuCount", message: '"two" is not an integer' }]);
  });

  void test("a stack file without a config block gives no lines", () => {
    const lines = withProject({ "Pulumi.test.yaml": "encryptionsalt: abc\n" }, (root) =>
      locateConfigKeys(root, "Pulumi.test.yaml"),
    );
    assert.equal(lines.size, 0);
  });
});
