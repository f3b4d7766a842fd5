import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, describe, test } from "node:test";
import { parse } from "yaml";
import { ProgramFailed, runProgramOffline, type OfflineRun } from "../../cli/offline/run-program";
import { readStackConfig } from "../../cli/offline/stack-config";
import { PROJECT_ROOT, runCourse, runCourseExpectingFailure } from "../support/run-course";
import { canonical } from "../support/resources";

/**
 * The program run the way the Pulumi CLI's Node.js language host runs it (Pulumi.yaml's main, compiled by
 * ts-node, `@pulumi/pulumi/cmd/run` in a separate Node process), with only the engine replaced by mocks.
 */

/** Marker of a Pulumi secret value in serialized outputs. */
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

type Handouts = Record<string, Record<string, unknown>>;

void test("Pulumi.yaml runs infra/index.ts as TypeScript on the nodejs runtime", () => {
  const project = parse(fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), "utf8")) as {
    name: string;
    main: string;
    runtime: { name: string; options?: { typescript?: boolean } };
  };
  assert.equal(project.name, "course-cloud");
  assert.equal(project.runtime.name, "nodejs");
  assert.notEqual(project.runtime.options?.typescript, false);
  assert.equal(project.main, "infra/index.ts");
  assert.ok(fs.existsSync(path.join(PROJECT_ROOT, project.main)));
});

// dev as `pulumi preview` runs it, course as `pulumi up` does.
for (const [stack, preview] of [
  ["dev", true],
  ["course", false],
] as const) {
  void describe(`the ${stack} stack, run as the CLI runs it (${preview ? "preview" : "up"})`, () => {
    let offline: OfflineRun;
    before(async () => {
      offline = await runProgramOffline({ projectRoot: PROJECT_ROOT, stack, preview });
    });

    void test("registers exactly what the in-process run registers, with the same inputs", async () => {
      const inProcess = await runCourse({ stack });
      const key = (r: { type: string; name: string }) => `${r.type} ${r.name}`;
      const offlineResources = offline.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
      assert.equal(offline.resources.length - offlineResources.length, 1, "one stack resource");
      assert.equal(offlineResources.length, inProcess.resources.length);
      assert.deepEqual(offlineResources.map(key).sort(), inProcess.resources.map(key).sort());
      const inputs = new Map(inProcess.resources.map((r) => [key(r), canonical(r.inputs)]));
      for (const r of offlineResources) assert.equal(canonical(r.inputs), inputs.get(key(r)), key(r));
      assert.deepEqual(offline.outputs, JSON.parse(JSON.stringify(inProcess.outputs)));
    });

    void test("outputs tell every student how to start, and hold nothing secret", () => {
      const config = readStackConfig(PROJECT_ROOT, stack);
      const project = config["gcp:project"]!;
      const region = config["gcp:region"]!;
      const courseId = config["course-cloud:courseId"]!;
      const roster = fs.readFileSync(path.join(PROJECT_ROOT, config["course-cloud:roster"]!), "utf8");
      const rows = roster.trim().split(/\r?\n/).slice(1);
      const handouts = offline.outputs!.students as Handouts;
      assert.equal(Object.keys(handouts).length, rows.length);
      for (const row of rows) {
        const [id, , , repo] = row.split(",");
        const handout = handouts[id!]!;
        assert.ok(handout, `no handout for ${id}`);
        const vm = `${courseId}-${id}`;
        assert.equal(handout.vm, vm);
        assert.match(handout.zone as string, new RegExp(`^${region}-`));
        assert.equal(
          handout.ssh,
          `gcloud compute ssh ${vm} --zone ${handout.zone as string} --project ${project} --tunnel-through-iap`,
        );
        assert.match(handout.bucket as string, new RegExp(`^gs://${courseId}-${id}-[0-9a-f]{8}$`));
        assert.equal(
          handout.dvcRemote,
          `dvc remote add -d remote_storage ${handout.bucket as string} && dvc remote modify remote_storage version_aware true`,
        );
        assert.equal(handout.dockerRepository, `${region}-docker.pkg.dev/${project}/${courseId}-${id}`);
        assert.equal(handout.serviceAccount, `${courseId}-${id}@${project}.iam.gserviceaccount.com`);
        if (repo) assert.equal(handout.trigger, `${courseId}-${id}`);
        else assert.equal("trigger" in handout, false);
      }
      const text = JSON.stringify(offline.outputs);
      assert.ok(!text.includes(SECRET_SIGNATURE), "a secret value is in the outputs");
      assert.doesNotMatch(text, /"(secure|ciphertext|token|password|privateKey)"/i);
    });
  });
}

void test("a bad roster fails the run with the file:line message and no JavaScript stack trace", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bad-roster-"));
  const roster = path.join(dir, "roster.csv");
  fs.writeFileSync(roster, "id,email\ns000001,ada@example.edu\ns000002,not-an-email\n");
  const config = { ...readStackConfig(PROJECT_ROOT, "dev"), "course-cloud:roster": roster };
  try {
    await assert.rejects(runProgramOffline({ projectRoot: PROJECT_ROOT, stack: "dev", config }), (error: unknown) => {
      assert.ok(error instanceof ProgramFailed, String(error));
      assert.notEqual(error.exitCode, 0);
      // Outside the project, the roster is named by its absolute path.
      assert.ok(error.output.includes(`${roster}:3: email: "not-an-email" is not a valid email address`), error.output);
      assert.ok(error.output.includes("nothing was created"), error.output);
      assert.doesNotMatch(error.output, /^ {4}at /m);
      return true;
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

void test("the bad-input error carries no stack for the CLI to format (Node 22 can spin on it for seconds)", async () => {
  const { error } = await runCourseExpectingFailure({ stack: "dev", roster: "id,email\ns000001,nope\n" });
  assert.equal(error.name, "Error");
  assert.match(error.message, /^Invalid course input \(1 problem\); nothing was created:/);
  assert.equal(error.stack, undefined);
});
