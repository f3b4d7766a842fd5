import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RegisteredResource } from "./mocks";
import { readNodeProject } from "./project-file";
import { readStackConfig } from "./stack-config";

export interface OfflineRun {
  readonly resources: RegisteredResource[];
  /** Stack outputs as the engine would record them. */
  readonly outputs: Record<string, unknown> | null;
}

export class ProgramFailed extends Error {
  constructor(
    readonly exitCode: number | null,
    readonly output: string,
  ) {
    super(output.trim() || `the program exited with code ${exitCode}`);
    this.name = "ProgramFailed";
  }
}

export interface OfflineRunOptions {
  readonly projectRoot: string;
  readonly stack: string;
  /** Config as the engine passes it; by default the stack file plus Pulumi.yaml defaults. */
  readonly config?: Record<string, string>;
  readonly preview?: boolean;
}

/**
 * Runs the program the way the Pulumi CLI's Node.js language host does: a Node process with the runtime's
 * nodeargs runs `@pulumi/pulumi/cmd/run` on Pulumi.yaml's `main`, with the config in PULUMI_CONFIG and TypeScript
 * compiled by ts-node. Only the engine is replaced, by Pulumi's mocks.
 */
export async function runProgramOffline(options: OfflineRunOptions): Promise<OfflineRun> {
  const { projectRoot, stack, preview = true } = options;
  const project = readNodeProject(projectRoot);
  const config = options.config ?? readStackConfig(projectRoot, stack);
  const runEntry = require.resolve("@pulumi/pulumi/cmd/run", { paths: [projectRoot] });
  const outFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "course-cloud-")), "run.json");
  const args = [
    ...project.nodeArgs,
    "--require",
    path.join(__dirname, "mock-preload.cjs"),
    runEntry,
    "--monitor=mock",
    `--project=${project.name}`,
    `--stack=${stack}`,
    `--pwd=${projectRoot}`,
    `--root-directory=${projectRoot}`,
    ...(preview ? ["--dry-run"] : []),
    project.main,
  ];
  const env = {
    ...process.env,
    PULUMI_CONFIG: JSON.stringify(config),
    PULUMI_CONFIG_SECRET_KEYS: "[]",
    PULUMI_NODEJS_TYPESCRIPT: String(project.typescript),
    COURSE_CLOUD_PROJECT_ROOT: projectRoot,
    COURSE_CLOUD_PROJECT: project.name,
    COURSE_CLOUD_STACK: stack,
    COURSE_CLOUD_MOCK_OUT: outFile,
  };
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (exitCode) => resolve({ code: exitCode, output }));
  });
  try {
    if (code !== 0) throw new ProgramFailed(code, output);
    return JSON.parse(fs.readFileSync(outFile, "utf8")) as OfflineRun;
  } finally {
    fs.rmSync(path.dirname(outFile), { recursive: true, force: true });
  }
}
