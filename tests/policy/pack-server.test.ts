/**
 * The pack as the Pulumi CLI runs it: a Node.js process running @pulumi/pulumi's `run-policy-pack` on the policy
 * directory (TypeScript compiled and type-checked by ts-node, modules resolved from the project's node_modules),
 * serving the analyzer over gRPC. The test plays the engine's side of that protocol with the client @pulumi/pulumi
 * ships, so what it sees is what `pulumi preview --policy-pack policy` would report.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import { after, before, test } from "node:test";
import type * as grpcTypes from "@grpc/grpc-js";
import type { Empty as EmptyType } from "google-protobuf/google/protobuf/empty_pb";
import type { Struct as StructType } from "google-protobuf/google/protobuf/struct_pb";
import type * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { COURSE_POLICIES } from "../../policy/policies/all";
import { T } from "../../policy/policies/support";
import { PROJECT_ROOT } from "../support/run-course";
import { cpuVm, t4Vm } from "./fixtures";

// The gRPC stack @pulumi/pulumi itself talks to analyzers with, resolved from its own dependencies.
const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/proto/analyzer_pb"));
const grpc = fromPulumi("@grpc/grpc-js") as typeof grpcTypes;
const { AnalyzerClient } = fromPulumi("./analyzer_grpc_pb") as typeof analyzerGrpc;
const pb = fromPulumi("./analyzer_pb") as typeof analyzerPb;
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb") as { Struct: typeof StructType };
const { Empty } = fromPulumi("google-protobuf/google/protobuf/empty_pb") as { Empty: typeof EmptyType };

const POLICY_DIR = path.join(PROJECT_ROOT, "policy");
let pack: ChildProcess | undefined;
let client: analyzerGrpc.AnalyzerClient;

/** Starts the pack and waits for the port it prints, as the CLI's language host does. */
function startPack(): Promise<number> {
  const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
  const child = spawn(process.execPath, [runner, "127.0.0.1:0", "."], {
    cwd: POLICY_DIR,
    stdio: ["ignore", "pipe", "pipe"],
  });
  pack = child;
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => reject(new Error(`the pack printed no port within 120 s:\n${stderr}`)), 120_000);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const port = /^(\d+)\s*$/m.exec(stdout)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(Number(port));
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the pack exited with code ${code}:\n${stderr}${stdout}`));
    });
  });
}

/** One unary call of the analyzer service, as a promise. */
function call<Req, Res>(
  method: (request: Req, callback: (error: grpcTypes.ServiceError | null, response: Res) => void) => unknown,
  request: Req,
): Promise<Res> {
  return new Promise<Res>((resolve, reject) =>
    method.call(client, request, (error: grpcTypes.ServiceError | null, response: Res) =>
      error ? reject(error) : resolve(response),
    ),
  );
}

const analyze = (request: analyzerPb.AnalyzeRequest) =>
  call<analyzerPb.AnalyzeRequest, analyzerPb.AnalyzeResponse>(client.analyze, request);
const analyzeStack = (request: analyzerPb.AnalyzeStackRequest) =>
  call<analyzerPb.AnalyzeStackRequest, analyzerPb.AnalyzeResponse>(client.analyzeStack, request);
const analyzerInfo = () => call<EmptyType, analyzerPb.AnalyzerInfo>(client.getAnalyzerInfo, new Empty());

function urn(type: string, name: string): string {
  return `urn:pulumi:course::course-cloud::${type}::${name}`;
}

/** Resource options as the engine always sends them (the analyzer refuses requests without). */
function options(): analyzerPb.AnalyzerResourceOptions {
  const opts = new pb.AnalyzerResourceOptions();
  opts.setProtect(false);
  return opts;
}

function properties(props: Record<string, unknown>): StructType {
  return Struct.fromJavaScript(props as Parameters<typeof Struct.fromJavaScript>[0]);
}

function analyzeRequest(type: string, name: string, props: Record<string, unknown>): analyzerPb.AnalyzeRequest {
  const request = new pb.AnalyzeRequest();
  request.setType(type);
  request.setName(name);
  request.setUrn(urn(type, name));
  request.setProperties(properties(props));
  request.setOptions(options());
  return request;
}

interface Diagnostic {
  readonly policy: string;
  readonly mandatory: boolean;
  readonly message: string;
  readonly urn: string;
}

function diagnostics(response: analyzerPb.AnalyzeResponse): Diagnostic[] {
  return response.getDiagnosticsList().map((d) => ({
    policy: d.getPolicyname(),
    mandatory: d.getEnforcementlevel() === pb.EnforcementLevel.MANDATORY,
    message: d.getMessage(),
    urn: d.getUrn(),
  }));
}

before(async () => {
  const port = await startPack();
  client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
});

after(() => {
  client?.close();
  pack?.kill();
});

test("the pack serves every policy of the course, each mandatory", async () => {
  const info = await analyzerInfo();
  assert.equal(info.getName(), "course-cloud");
  const served = info.getPoliciesList().map((p) => [p.getName(), p.getEnforcementlevel()] as const);
  assert.deepEqual(served.map(([name]) => name).sort(), COURSE_POLICIES.map((p) => p.name).sort());
  assert.ok(served.every(([, level]) => level === pb.EnforcementLevel.MANDATORY));
});

test("a course VM passes; the same VM on the default account with a public IP fails with mandatory violations", async () => {
  const good = await analyze(analyzeRequest(T.instance, "s270001-workstation-vm", t4Vm()));
  assert.deepEqual(diagnostics(good), []);
  // Bucket policies, among others, say they do not apply to a VM.
  assert.ok(good.getNotApplicableList().some((n) => n.getPolicyName() === "bucket-versioning"));

  const bad = {
    ...cpuVm(),
    serviceAccount: { email: "123456789012-compute@developer.gserviceaccount.com", scopes: [] },
    networkInterfaces: [{ subnetwork: "projects/p/regions/r/subnetworks/s", accessConfigs: [{}] }],
  };
  const found = diagnostics(await analyze(analyzeRequest(T.instance, "s270002-workstation-vm", bad)));
  assert.deepEqual(
    found.map((d) => [d.policy, d.mandatory]),
    [
      ["vm-own-service-account", true],
      ["vm-no-external-ip", true],
    ],
  );
  assert.match(found[0]!.message, /default compute service account/);
});

test("the stack policies see the whole stack: a VM whose stop schedule is missing fails", async () => {
  const resource = (type: string, name: string, props: Record<string, unknown>) => {
    const r = new pb.AnalyzerResource();
    r.setType(type);
    r.setName(name);
    r.setUrn(urn(type, name));
    r.setProperties(properties(props));
    r.setOptions(options());
    return r;
  };
  const request = new pb.AnalyzeStackRequest();
  request.setResourcesList([resource(T.instance, "s270001-workstation-vm", cpuVm())]);
  const found = diagnostics(await analyzeStack(request));
  assert.deepEqual(
    found.map((d) => [d.policy, d.urn]),
    [["vm-stop-schedule-exists", urn(T.instance, "s270001-workstation-vm")]],
  );
});
