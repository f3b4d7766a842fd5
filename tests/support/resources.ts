import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { CourseMocks, studentOwning, type RegisteredResource } from "../../cli/offline/mocks";
import { PROJECT_ROOT, type CourseRun } from "./run-course";

/** Resource type tokens the tests talk about. */
export const T = {
  service: "gcp:projects/service:Service",
  network: "gcp:compute/network:Network",
  subnet: "gcp:compute/subnetwork:Subnetwork",
  router: "gcp:compute/router:Router",
  nat: "gcp:compute/routerNat:RouterNat",
  firewall: "gcp:compute/firewall:Firewall",
  projectMetadata: "gcp:compute/projectMetadataItem:ProjectMetadataItem",
  instance: "gcp:compute/instance:Instance",
  resourcePolicy: "gcp:compute/resourcePolicy:ResourcePolicy",
  account: "gcp:serviceaccount/account:Account",
  bucket: "gcp:storage/bucket:Bucket",
  randomId: "random:index/randomId:RandomId",
  dockerRepository: "gcp:artifactregistry/repository:Repository",
  linkedRepository: "gcp:cloudbuildv2/repository:Repository",
  connection: "gcp:cloudbuildv2/connection:Connection",
  trigger: "gcp:cloudbuild/trigger:Trigger",
  secret: "gcp:secretmanager/secret:Secret",
  secretVersion: "gcp:secretmanager/secretVersion:SecretVersion",
  budget: "gcp:billing/budget:Budget",
  notificationChannel: "gcp:monitoring/notificationChannel:NotificationChannel",
  pool: "gcp:iam/workloadIdentityPool:WorkloadIdentityPool",
  provider: "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider",
} as const;

/** Every resource of a type, by logical name. */
export function byName(run: Pick<CourseRun, "resources">, type: string): Map<string, RegisteredResource> {
  return new Map(run.resources.filter((r) => r.type === type).map((r) => [r.name, r]));
}

/** The one resource of `type` called `name`; fails the test when it is missing. */
export function resource(run: Pick<CourseRun, "resources">, type: string, name: string): RegisteredResource {
  const found = run.resources.filter((r) => r.type === type && r.name === name);
  assert.equal(found.length, 1, `expected one ${type} named ${name}, found ${found.length}`);
  return found[0]!;
}

/** Inputs of the one resource of `type` called `name`. */
export function inputsOf(run: Pick<CourseRun, "resources">, type: string, name: string): Record<string, unknown> {
  return resource(run, type, name).inputs;
}

/** The value at a path of nested objects, or undefined. */
export function at(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** JSON with sorted keys, unknown values spelled out: equal text means byte-identical inputs. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (pulumi.isUnknown(v)) return "<unknown>";
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
    }
    return v;
  });
}

/** Every string anywhere inside a value. */
export function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

/**
 * The resource types that carry Google labels, and where: every one of them must hold the course labels. A test
 * checks this list against the provider's typings, so a new labellable type cannot be missed.
 */
export const LABELLED_FIELDS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  [T.instance]: [["labels"], ["bootDisk", "initializeParams", "labels"]],
  [T.bucket]: [["labels"]],
  [T.dockerRepository]: [["labels"]],
  [T.secret]: [["labels"]],
  // A notification channel's `labels` configure the channel (email_address); its resource labels are userLabels.
  [T.notificationChannel]: [["userLabels"]],
};

/** The `<Name>Args` interface of a resource type, as written in node_modules/@pulumi/gcp. */
export function argsInterfaceOf(type: string): string {
  const [, modulePath, className] = /^gcp:([^/]+)\/[^:]+:(\w+)$/.exec(type) ?? [];
  assert.ok(modulePath && className, `${type} is not a gcp resource type`);
  const moduleDir = path.join(PROJECT_ROOT, "node_modules", "@pulumi", "gcp", modulePath);
  const declaration = `__pulumiType = '${type}';`;
  const jsFile = fs
    .readdirSync(moduleDir)
    .filter((f) => f.endsWith(".js"))
    .find((f) => fs.readFileSync(path.join(moduleDir, f), "utf8").includes(declaration));
  assert.ok(jsFile, `no file of node_modules/@pulumi/gcp/${modulePath} declares ${type}`);
  const typings = fs.readFileSync(path.join(moduleDir, jsFile.replace(/\.js$/, ".d.ts")), "utf8");
  const start = typings.indexOf(`export interface ${className}Args {`);
  assert.ok(start >= 0, `no ${className}Args interface for ${type}`);
  return typings.slice(start, typings.indexOf("\n}", start));
}

/** Top-level properties of an Args interface. */
export function argsProperties(type: string): string[] {
  return [...argsInterfaceOf(type).matchAll(/^ {4}(\w+)\??:/gm)].map((m) => m[1]!);
}

/** The student a resource belongs to: its logical name starts with `<id>-` (or is the id), or its labels say so. */
export function studentOf(r: RegisteredResource, studentIds: readonly string[]): string | undefined {
  const byLabel = at(r.inputs, ["labels", "student"]);
  if (typeof byLabel === "string" && studentIds.includes(byLabel)) return byLabel;
  return studentOwning(r.name, studentIds);
}

/** Student ids (the keys of the `students` output) in a roster text. */
export function rosterIds(roster: string): string[] {
  return roster
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(",")[0]!.trim().toLowerCase());
}

/** The outputs the mocks give a registered resource (what Google would compute: names, emails, self links). */
export function mockOutputs(project: string, r: RegisteredResource): Record<string, unknown> {
  const mocks = new CourseMocks(project);
  return mocks.newResource({ type: r.type, name: r.name, inputs: r.inputs, custom: r.custom }).state;
}

/** An input type of the provider (`inputs.<module>.<name>` in node_modules/@pulumi/gcp/types/input.d.ts). */
export function inputTypeOf(module: string, name: string): string {
  const typings = fs.readFileSync(
    path.join(PROJECT_ROOT, "node_modules", "@pulumi", "gcp", "types", "input.d.ts"),
    "utf8",
  );
  const moduleStart = typings.indexOf(`export declare namespace ${module} {`);
  assert.ok(moduleStart >= 0, `no namespace ${module} in the provider's input types`);
  const start = typings.indexOf(`    interface ${name} {`, moduleStart);
  assert.ok(start >= 0, `no input type ${module}.${name}`);
  return typings.slice(start, typings.indexOf("\n    }", start));
}
