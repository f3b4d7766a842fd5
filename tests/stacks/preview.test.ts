import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { runCourse } from "../support/run-course";
import { T, at, inputsOf } from "../support/resources";

/**
 * `pulumi preview` runs the program with everything a provider computes unknown (ids, emails, self links,
 * random suffixes). The program must register the same resources as in `pulumi up`, with the same inputs
 * wherever they do not depend on such a value.
 */

/** Paths where `preview` is unknown; fails where a known value differs from `up`. */
function compare(preview: unknown, up: unknown, where: string, unknowns: string[]): void {
  if (pulumi.isUnknown(preview)) {
    unknowns.push(where);
    return;
  }
  if (Array.isArray(preview)) {
    assert.ok(Array.isArray(up), `${where}: array in preview only`);
    assert.equal(preview.length, up.length, `${where}: length differs`);
    preview.forEach((item, i) => compare(item, up[i], `${where}[${i}]`, unknowns));
    return;
  }
  if (preview !== null && typeof preview === "object") {
    assert.ok(up !== null && typeof up === "object", `${where}: object in preview only`);
    assert.deepEqual(Object.keys(preview).sort(), Object.keys(up).sort(), `${where}: keys differ`);
    for (const [key, value] of Object.entries(preview)) {
      compare(value, (up as Record<string, unknown>)[key], `${where}.${key}`, unknowns);
    }
    return;
  }
  assert.equal(preview, up, where);
}

for (const stack of ["dev", "course"]) {
  void describe(`preview of the ${stack} stack`, () => {
    void test("registers what up registers, with unknowns only where the cloud computes a value", async () => {
      const preview = await runCourse({ stack, preview: true });
      const up = await runCourse({ stack });
      const key = (r: { type: string; name: string }) => `${r.type} ${r.name}`;
      assert.deepEqual(preview.resources.map(key).sort(), up.resources.map(key).sort());

      const upByKey = new Map(up.resources.map((r) => [key(r), r]));
      const unknowns: string[] = [];
      for (const r of preview.resources) compare(r.inputs, upByKey.get(key(r))!.inputs, key(r), unknowns);

      // The preview really had unknowns: the VM's service account and the bucket's suffix come from the cloud.
      const vm = preview.resources.find((r) => r.type === T.instance)!;
      assert.ok(pulumi.isUnknown(at(vm.inputs, ["serviceAccount", "email"])));
      assert.ok(unknowns.some((u) => u.startsWith(`${T.bucket} `) && u.endsWith(".name")));
      // What the plan decides is known before anything exists.
      assert.equal(typeof vm.inputs.machineType, "string");
      assert.equal(typeof vm.inputs.zone, "string");
      assert.equal(at(vm.inputs, ["metadata", "enable-oslogin"]), "TRUE");
    });
  });
}

void describe("preview with created connection and workload identity", () => {
  void test("unknown connection and pool ids do not break the program", async () => {
    const run = await runCourse({
      stack: "dev",
      preview: true,
      config: {
        githubActions: true,
        githubConnection: "",
        githubAppInstallationId: 4242,
        githubTokenSecretVersion: "projects/course-cloud-sandbox/secrets/github-token/versions/1",
      },
    });
    const linked = inputsOf(run, T.linkedRepository, "s000001-build-github-repo");
    assert.ok(pulumi.isUnknown(linked.parentConnection));
    assert.equal(linked.remoteUri, "https://github.com/mlops-dev-class/ada-mlops.git");
    assert.equal(inputsOf(run, T.provider, "course-github-provider").workloadIdentityPoolProviderId, "github-actions");
  });
});
