import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { parse } from "yaml";
import { sampleRoster } from "../../cli/offline/sample-roster";
import * as all from "../../policy/policies/all";
import * as compute from "../../policy/policies/compute";
import * as guardrails from "../../policy/policies/guardrails";
import * as iam from "../../policy/policies/iam";
import * as network from "../../policy/policies/network";
import * as secrets from "../../policy/policies/secrets";
import * as storage from "../../policy/policies/storage";
import { T } from "../../policy/policies/support";
import { PROJECT_ROOT, everyOptionOn, runCourse, type RunCourseOptions } from "../support/run-course";
import { runPack } from "./run-pack";

/** Policies guarding against resources the program never creates: they apply to nothing in a correct stack. */
const GUARDS_AGAINST_ABSENT_TYPES = [
  "iam-additive-members-only",
  "iam-no-service-account-keys",
  "secrets-no-payload-in-program",
];

const GENERATED: RunCourseOptions = {
  stack: "course",
  roster: sampleRoster(40, { withoutRepoEvery: 6 }),
  config: {
    ...everyOptionOn("mlops-course-e27"),
    gpuQuota: [],
    studentSecrets: ["wandb-api-key", "hf-token"],
  },
};

describe("the course program's own resources pass the whole pack", () => {
  const scenarios: [string, RunCourseOptions][] = [
    ["dev stack", { stack: "dev" }],
    ["course stack", { stack: "course" }],
    ["40 generated students, GitHub Actions federation, a created GitHub connection", GENERATED],
  ];
  for (const [label, options] of scenarios) {
    test(label, async () => {
      const run = await runCourse(options);
      const result = await runPack(run.resources);
      assert.deepEqual(result.violations, []);
      assert.deepEqual(result.couldNotRun, []);
      // Every policy looked at something, except those guarding against types a correct stack lacks.
      const idle = [...result.applied].filter(([, count]) => count === 0).map(([name]) => name);
      const expectedIdle = [
        ...GUARDS_AGAINST_ABSENT_TYPES,
        ...(run.resources.some((r) => r.type === T.workloadIdentityProvider)
          ? []
          : ["workload-identity-provider-condition"]),
      ];
      assert.deepEqual(idle.sort(), expectedIdle.sort());
    });
  }

  test("course stack in a preview, with every computed output unknown", async () => {
    const run = await runCourse({ stack: "course", preview: true });
    const result = await runPack(run.resources);
    assert.deepEqual(result.violations, []);
    // Checks that read what a first preview cannot know yet (a service account's email, a custom role's name, the
    // stop schedule's self link) are skipped by the engine with an advisory and run on `pulumi up`.
    const deferred = new Set(result.couldNotRun.map((entry) => entry.split(" ")[0]));
    assert.deepEqual([...deferred].sort(), [
      "iam-no-basic-roles",
      "iam-no-impersonation-at-project-level",
      "iam-no-public-principals",
      "vm-not-default-network",
      "vm-own-service-account",
      "vm-stop-schedule",
    ]);
  });
});

test("the pack over a course stack catches a regression in any one resource", async () => {
  const run = await runCourse({ stack: "dev" });
  const resources = run.resources.map((r) => ({ ...r, inputs: structuredClone(r.inputs) }));
  const vm = resources.find((r) => r.type === T.instance)!;
  vm.inputs.networkInterfaces = [{ ...(vm.inputs.networkInterfaces as object[])[0], accessConfigs: [{}] }];
  const bucket = resources.find((r) => r.type === T.bucket && r.name.endsWith("-storage-bucket"))!;
  bucket.inputs.publicAccessPrevention = "inherited";
  const result = await runPack(resources);
  assert.deepEqual(result.violations.sort(), [
    `bucket-public-access-prevention ${T.bucket} ${bucket.name}: public access prevention is not enforced`,
    `vm-no-external-ip ${T.instance} ${vm.name}: network interface 0 has an external IPv4 address`,
  ]);
});

describe("the pack", () => {
  const policyObjects = (module: object) =>
    Object.values(module).filter(
      (value): value is { name: string } =>
        value !== null &&
        typeof value === "object" &&
        !Array.isArray(value) &&
        "name" in value &&
        ("validateResource" in value || "validateStack" in value),
    );

  test("holds every policy of every module once, each mandatory and described", () => {
    const exported = [compute, network, storage, iam, secrets, guardrails].flatMap(policyObjects);
    const names = all.COURSE_POLICIES.map((p) => p.name);
    assert.deepEqual([...names].sort(), exported.map((p) => p.name).sort());
    assert.equal(new Set(names).size, names.length, "policy names are unique");
    for (const policy of all.COURSE_POLICIES) {
      assert.equal(policy.enforcementLevel, "mandatory", policy.name);
      assert.ok(policy.description.length > 20, policy.name);
    }
  });

  test("is a Node.js pack whose dependencies match the project's, so it runs on the project's node_modules", () => {
    const policyDir = path.join(PROJECT_ROOT, "policy");
    const manifest = parse(fs.readFileSync(path.join(policyDir, "PulumiPolicy.yaml"), "utf8")) as { runtime: string };
    assert.equal(manifest.runtime, "nodejs");
    const pack = JSON.parse(fs.readFileSync(path.join(policyDir, "package.json"), "utf8")) as {
      main: string;
      dependencies: Record<string, string>;
    };
    const root = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    assert.deepEqual(pack.dependencies, {
      "@pulumi/policy": root.dependencies["@pulumi/policy"],
      "@pulumi/pulumi": root.dependencies["@pulumi/pulumi"],
    });
    assert.ok(fs.existsSync(path.join(policyDir, pack.main)));
  });
});
