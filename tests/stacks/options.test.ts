import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import type * as pulumi from "@pulumi/pulumi";
import { everyOptionOn, runCourse, type CapturedOptions, type CourseRun } from "../support/run-course";
import { T } from "../support/resources";

/**
 * Resource options decide what survives a mistake: mocks do not see them, so the harness records them with a
 * stack transformation (protect as inherited from the parent, the way the engine applies it).
 */

const STUDENT_DATA = [T.instance, T.bucket, T.dockerRepository, T.secret];

function custom(run: CourseRun): CapturedOptions[] {
  const customTypes = new Set(run.cloudResources.map((r) => r.type));
  return run.options.filter((o) => customTypes.has(o.type));
}

const isStudentResource = (o: CapturedOptions) => /^s\d{6}-/.test(o.name);

void describe("resource options", () => {
  let course: CourseRun;
  let dev: CourseRun;
  let everything: CourseRun;
  before(async () => {
    course = await runCourse({ stack: "course" });
    dev = await runCourse({ stack: "dev" });
    everything = await runCourse({
      stack: "dev",
      config: {
        ...everyOptionOn("course-cloud-sandbox"),
        billingAccount: "012345-6789AB-CDEF01",
        instructors: ["lead@example.edu"],
        protectStudentData: true,
      },
    });
  });

  void test("course stack: each student's VM, bucket, repository and secrets are protected, and nothing else", () => {
    const protectedResources = custom(course).filter((o) => o.protect);
    for (const type of STUDENT_DATA) {
      const ofType = custom(course).filter((o) => o.type === type && isStudentResource(o));
      assert.equal(ofType.length, 8, type);
      for (const o of ofType) assert.equal(o.protect, true, `${o.type} ${o.name}`);
    }
    // The bucket's random suffix goes with it: replacing it would rename the bucket.
    const allowed = new Set<string>([...STUDENT_DATA, T.randomId]);
    for (const o of protectedResources) {
      assert.ok(allowed.has(o.type) && isStudentResource(o), `${o.type} ${o.name} should not be protected`);
    }
    assert.equal(protectedResources.length, 8 * 5);
  });

  void test("dev stack: nothing is protected, so the sandbox tears down in one destroy", () => {
    assert.deepEqual(
      custom(dev)
        .filter((o) => o.protect)
        .map((o) => o.name),
      [],
    );
  });

  void test("a VM never gets replaced for a new image family or disk size", () => {
    for (const run of [course, dev]) {
      const vms = custom(run).filter((o) => o.type === T.instance);
      assert.ok(vms.length > 0);
      for (const vm of vms) {
        assert.deepEqual(
          vm.opts.ignoreChanges,
          ["bootDisk.initializeParams.image", "bootDisk.initializeParams.size"],
          vm.name,
        );
      }
    }
  });

  void test("nothing is retained on delete: destroy leaves no orphan behind", () => {
    for (const run of [course, dev, everything]) {
      for (const o of run.options) assert.notEqual(o.opts.retainOnDelete, true, `${o.type} ${o.name}`);
    }
  });

  for (const [label, get] of [
    ["course", () => course],
    ["dev", () => dev],
    ["dev with every option on", () => everything],
  ] as const) {
    void test(`${label}: every resource but the APIs and random suffixes waits for every API`, () => {
      const run = get();
      const services = run.options.filter((o) => o.type === T.service).map((o) => o.resource);
      assert.ok(services.length >= 11);
      const waiting = custom(run).filter((o) => o.type !== T.service && o.type !== T.randomId);
      assert.ok(waiting.length > 50);
      for (const o of waiting) {
        const dependsOn = o.opts.dependsOn;
        assert.ok(Array.isArray(dependsOn), `${o.type} ${o.name} has no dependsOn list`);
        const resources = dependsOn as pulumi.Resource[];
        for (const service of services) {
          assert.ok(resources.includes(service), `${o.type} ${o.name} does not wait for every API`);
        }
      }
    });
  }

  /** The explicit dependencies of a resource, with a component standing for every child it has (as the engine does). */
  function waitsFor(run: CourseRun, o: CapturedOptions): Set<pulumi.Resource> {
    const direct = (o.opts.dependsOn ?? []) as pulumi.Resource[];
    const all = new Set<pulumi.Resource>(direct);
    for (const dependency of direct) {
      for (const child of run.options) if (child.opts.parent === dependency) all.add(child.resource);
    }
    return all;
  }

  function grantResource(run: CourseRun, name: string): pulumi.Resource {
    const grant = run.options.find((o) => o.name === name);
    assert.ok(grant, `no grant ${name}`);
    return grant.resource;
  }

  void test("VMs wait for the Compute Engine service agent's permission to run the stop schedule", () => {
    // Google refuses to attach the schedule before it: "Compute Engine System service account ... needs to have
    // [compute.instances.start,compute.instances.stop] permissions applied in order to perform this operation."
    for (const run of [course, dev]) {
      const agentGrant = grantResource(run, "course-access-project-custom-vmScheduler-compute-agent");
      const vms = custom(run).filter((o) => o.type === T.instance);
      assert.ok(vms.length > 0);
      for (const vm of vms) assert.ok(waitsFor(run, vm).has(agentGrant), `${vm.name} may be created first`);
    }
  });

  void test("a created GitHub connection waits until Cloud Build's service agent may read the token", () => {
    const connection = custom(everything).find((o) => o.type === T.connection);
    assert.ok(connection, "no connection created");
    const tokenGrant = grantResource(
      everything,
      "course-access-githubTokenSecret-secretmanager.secretAccessor-cloudbuild-agent",
    );
    assert.ok(waitsFor(everything, connection).has(tokenGrant));
  });

  void test("the protected options of dev follow protectStudentData", () => {
    const protectedTypes = new Set(
      custom(everything)
        .filter((o) => o.protect)
        .map((o) => o.type),
    );
    assert.deepEqual([...protectedTypes].sort(), [...STUDENT_DATA, T.randomId].sort());
  });
});
