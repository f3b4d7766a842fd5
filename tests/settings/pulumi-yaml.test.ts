import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import { parse } from "yaml";
import { readStackConfig } from "../../cli/offline/stack-config";
import { PROJECT_NAME, SETTINGS } from "../../infra/settings/config-schema";
import { InputError } from "../../infra/settings/input-error";
import { findProjectRoot, loadCoursePlan } from "../../infra/settings/load-course";

const ROOT = path.resolve(__dirname, "..", "..");
const STACKS = ["dev", "course"] as const;

interface ProjectFile {
  name: string;
  runtime: { name: string; options?: Record<string, unknown> };
  main: string;
  config: Record<string, Record<string, unknown>>;
}

const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as ProjectFile;

function stackFileConfig(stack: string): Record<string, unknown> {
  const file = parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as {
    config: Record<string, unknown>;
  };
  return file.config;
}

/** Runs `use` with the working directory somewhere else than the project, as `pulumi -C` or CI may. */
function elsewhere<T>(use: () => T): T {
  const before = process.cwd();
  process.chdir(os.tmpdir());
  try {
    assert.notEqual(process.cwd(), ROOT);
    return use();
  } finally {
    process.chdir(before);
  }
}

void describe("Pulumi.yaml", () => {
  void test("names the project and runs infra/index.ts with the nodejs runtime", () => {
    assert.equal(project.name, PROJECT_NAME);
    assert.equal(project.runtime.name, "nodejs");
    assert.equal(project.main, "infra/index.ts");
    assert.ok(fs.existsSync(path.join(ROOT, project.main)));
  });

  void test("the TypeScript compiler the CLI uses (ts-node + typescript) is a dependency, not a dev dependency", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    assert.equal(project.runtime.options?.typescript, true);
    assert.ok("ts-node" in pkg.dependencies && "typescript" in pkg.dependencies);
  });

  void test("declares exactly the settings of config-schema.ts, with the same type, description and default", () => {
    assert.deepEqual(Object.keys(project.config).sort(), Object.keys(SETTINGS).sort());
    for (const [key, spec] of Object.entries(SETTINGS)) {
      const expected: Record<string, unknown> = {
        type: spec.type,
        description: spec.description,
        default: spec.default,
        ...(spec.type === "array" ? { items: { type: "string" } } : {}),
      };
      assert.deepEqual(project.config[key], expected, key);
    }
  });

  void test("every default passes its own rules", () => {
    for (const [key, spec] of Object.entries(SETTINGS)) {
      assert.ok((spec.schema as { safeParse(v: unknown): { success: boolean } }).safeParse(spec.default).success, key);
    }
  });
});

void describe("stack files", () => {
  for (const stack of STACKS) {
    void test(`Pulumi.${stack}.yaml sets only declared settings and gcp:project/gcp:region`, () => {
      const keys = Object.keys(stackFileConfig(stack));
      const undeclared = keys.filter(
        (key) => !key.startsWith("gcp:") && !(key.startsWith(`${PROJECT_NAME}:`) && key.split(":")[1]! in SETTINGS),
      );
      assert.deepEqual(undeclared, []);
      assert.ok(keys.includes("gcp:project") && keys.includes("gcp:region"));
    });

    void test(`the ${stack} stack plans without a problem, from any working directory`, () => {
      const config = readStackConfig(ROOT, stack);
      const plan = elsewhere(() => loadCoursePlan({ projectRoot: ROOT, stack, config }));
      const roster = fs
        .readFileSync(path.join(ROOT, config[`${PROJECT_NAME}:roster`]!), "utf8")
        .trim()
        .split("\n")
        .slice(1)
        .map((row) => row.split(",")[0]);
      assert.equal(plan.stack, stack);
      assert.equal(plan.region, config["gcp:region"]);
      assert.deepEqual(plan.students.map((s) => s.key).sort(), roster.sort());
    });
  }

  void test("the dev stack is cheap and disposable; the course stack has GPUs and keeps data", () => {
    const dev = loadCoursePlan({ projectRoot: ROOT, stack: "dev", config: readStackConfig(ROOT, "dev") });
    const course = loadCoursePlan({ projectRoot: ROOT, stack: "course", config: readStackConfig(ROOT, "course") });
    assert.ok(dev.students.length >= 2 && dev.students.length <= 3);
    assert.ok(dev.students.every((s) => s.vm.gpu === undefined || s.vm.spot));
    assert.ok(dev.students.every((s) => s.bucket.forceDestroy));
    assert.ok(course.students.some((s) => s.vm.gpu?.type === "nvidia-tesla-t4"));
    assert.ok(course.students.every((s) => !s.bucket.forceDestroy));
    assert.equal(course.protectStudentData, true);
  });
});

void describe("loadCoursePlan", () => {
  function withProject<T>(files: Record<string, string>, use: (root: string) => T): T {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "course-project-"));
    try {
      for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
        fs.writeFileSync(path.join(root, name), text);
      }
      return use(root);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }
  const config = {
    "gcp:project": "mlops-test",
    "gcp:region": "europe-west1",
    "course-cloud:roster": "rosters/class.csv",
    "course-cloud:gpu": "none",
    "course-cloud:machineType": "e2-medium",
  };
  const stackFile = "config:\n  gcp:project: mlops-test\n  course-cloud:roster: rosters/class.csv\n";

  void test("resolves a relative roster path against the project root, not the working directory", () => {
    const plan = withProject(
      { "Pulumi.yaml": "name: course-cloud\n", "rosters/class.csv": "id,email\ns1,a@example.edu\ns2,b@example.edu\n" },
      (root) => elsewhere(() => loadCoursePlan({ projectRoot: root, stack: "t", config })),
    );
    assert.deepEqual(
      plan.students.map((s) => s.key),
      ["s1", "s2"],
    );
  });

  void test("names the roster file relative to the project root in roster problems", () => {
    const error = withProject({ "rosters/class.csv": "id,email\ns1,not-an-email\n" }, (root) =>
      elsewhere(() => {
        try {
          loadCoursePlan({ projectRoot: root, stack: "t", config });
        } catch (e) {
          return e;
        }
        return undefined;
      }),
    );
    assert.ok(error instanceof InputError);
    assert.deepEqual(error.issues, [
      { file: "rosters/class.csv", line: 2, field: "email", message: '"not-an-email" is not a valid email address' },
    ]);
  });

  void test("a roster that cannot be read is a problem of the roster setting, at its line", () => {
    const { error, root } = withProject({ "Pulumi.t.yaml": stackFile }, (dir) => {
      try {
        loadCoursePlan({ projectRoot: dir, stack: "t", config });
      } catch (e) {
        return { error: e, root: dir };
      }
      return { error: undefined, root: dir };
    });
    assert.ok(error instanceof InputError);
    assert.deepEqual(error.issues, [
      {
        file: "Pulumi.t.yaml",
        line: 3,
        field: "course-cloud:roster",
        message: `cannot read roster ${path.join(root, "rosters/class.csv")}: ENOENT`,
      },
    ]);
  });

  void test("without gcp:project and gcp:region reports them with the roster and config problems, all at once", () => {
    const error = withProject({ "rosters/class.csv": "id,email\ns1,nope\n" }, (root) => {
      try {
        loadCoursePlan({
          projectRoot: root,
          stack: "t",
          config: { "course-cloud:roster": "rosters/class.csv", "course-cloud:gpuCount": "x" },
        });
      } catch (e) {
        return e;
      }
      return undefined;
    });
    assert.ok(error instanceof InputError);
    assert.deepEqual(
      error.issues.map((i) => `${i.file}:${i.line ?? ""}:${i.field ?? ""}`),
      [
        "Pulumi.t.yaml::course-cloud:gpuCount",
        "Pulumi.t.yaml::gcp:project",
        "Pulumi.t.yaml::gcp:region",
        "rosters/class.csv:2:email",
      ],
    );
  });

  void test("findProjectRoot finds the directory of Pulumi.yaml from below it", () => {
    assert.equal(findProjectRoot(path.join(ROOT, "infra", "settings")), ROOT);
    assert.throws(() => findProjectRoot(os.tmpdir()), /no Pulumi.yaml found above/);
  });
});
