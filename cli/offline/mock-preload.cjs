// Preloaded (node --require) into a process that then runs @pulumi/pulumi's own `cmd/run`, exactly as the
// Pulumi CLI's Node.js language host does, but with Pulumi's mocks in place of the engine. Registered resources
// and the stack outputs are written as JSON to $COURSE_CLOUD_MOCK_OUT when the process exits.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const Module = require("node:module");

const projectRoot = process.env.COURSE_CLOUD_PROJECT_ROOT;
const outFile = process.env.COURSE_CLOUD_MOCK_OUT;
const fromProject = (id) => require(require.resolve(id, { paths: [projectRoot] }));
const pulumi = fromProject("@pulumi/pulumi");
const settings = fromProject("@pulumi/pulumi/runtime/settings");
const { CourseMocks } = loadTypeScriptModule(path.join(__dirname, "mocks.ts"));

const config = JSON.parse(process.env.PULUMI_CONFIG || "{}");
const mocks = new CourseMocks(config["gcp:project"] || "mock-project");
// A preview exactly when the run was started as one (cmd/run's --dry-run), as the engine would tell the program.
pulumi.runtime.setMocks(
  mocks,
  process.env.COURSE_CLOUD_PROJECT,
  process.env.COURSE_CLOUD_STACK,
  process.argv.includes("--dry-run"),
);

const monitor = settings.getMonitor();
let stackOutputs;
const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
monitor.registerResourceOutputs = (request, callback) => {
  if (request.getUrn().includes("::pulumi:pulumi:Stack::")) {
    stackOutputs = request.getOutputs() ? request.getOutputs().toJavaScript() : {};
  }
  return registerResourceOutputs(request, callback);
};
// The engine, not the mocks, normally answers the final shutdown signal.
monitor.signalAndWaitForShutdown = (_request, callback) => callback(null, {});

process.on("exit", () => {
  if (outFile) fs.writeFileSync(outFile, JSON.stringify({ resources: mocks.resources, outputs: stackOutputs ?? null }));
});

/**
 * The mocks are TypeScript. Transpile just that file with the project's TypeScript instead of registering a
 * global TypeScript hook, so that the program itself is compiled by ts-node, as under the real CLI.
 */
function loadTypeScriptModule(file) {
  const ts = fromProject("typescript");
  const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const loaded = new Module(file, module);
  loaded.filename = file;
  loaded.paths = Module._nodeModulePaths(path.dirname(file));
  loaded._compile(outputText, file);
  return loaded.exports;
}
