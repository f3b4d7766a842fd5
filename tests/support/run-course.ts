import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { CourseMocks, type RegisteredResource } from "../../cli/offline/mocks";
import { readStackConfig } from "../../cli/offline/stack-config";
import { runCourseProgram } from "../../infra/program";

/**
 * Runs the course program in this process under Pulumi's mocks, the way a test needs it: any stack file as a
 * base, config overrides, an inline roster. Returns every registered resource with its inputs, the resource
 * options the program chose (mocks do not show options, so a stack transformation records them), and the stack
 * outputs.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

export interface CapturedOptions {
  readonly type: string;
  readonly name: string;
  readonly opts: pulumi.ResourceOptions;
  /** `protect` as the engine sees it: set on the resource or inherited from its parent. */
  readonly protect: boolean;
}

export interface CourseRun {
  readonly resources: RegisteredResource[];
  readonly options: CapturedOptions[];
  readonly outputs: Record<string, unknown> | undefined;
  /** Custom resources only (no components, no stack). */
  readonly cloudResources: RegisteredResource[];
}

export interface RunCourseOptions {
  /** Stack whose Pulumi.<stack>.yaml (plus Pulumi.yaml defaults) is the base config; default `course`. */
  readonly stack?: string;
  /** Name the run uses for the stack (default: `stack`). */
  readonly stackName?: string;
  /** Overrides by key without namespace (`gpu`) or with (`gcp:region`); arrays as arrays. */
  readonly config?: Record<string, string | number | boolean | string[]>;
  /** Roster CSV text; written to a temporary file and used instead of the stack's roster. */
  readonly roster?: string;
  readonly preview?: boolean;
}

/** The full config map the engine would pass, with overrides applied. */
export function courseConfig(options: RunCourseOptions = {}): Record<string, string> {
  const config = readStackConfig(PROJECT_ROOT, options.stack ?? "course");
  for (const [key, value] of Object.entries(options.config ?? {})) {
    config[key.includes(":") ? key : `course-cloud:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
  }
  if (options.roster !== undefined) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-"));
    const file = path.join(dir, "roster.csv");
    fs.writeFileSync(file, options.roster);
    config["course-cloud:roster"] = file;
  }
  return config;
}

export async function runCourse(options: RunCourseOptions = {}): Promise<CourseRun> {
  const config = courseConfig(options);
  const mocks = new CourseMocks(config["gcp:project"] ?? "mock-project");
  await pulumi.runtime.setMocks(
    mocks,
    "course-cloud",
    options.stackName ?? options.stack ?? "course",
    options.preview ?? false,
  );
  pulumi.runtime.setAllConfig(config);
  const captured: CapturedOptions[] = [];
  const protectOf = new Map<pulumi.Resource, boolean>();
  let failure: unknown;
  const outputs = await pulumi.runtime
    .runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation((args) => {
        const parent = args.opts.parent;
        const protect = args.opts.protect ?? (parent ? (protectOf.get(parent) ?? false) : false);
        protectOf.set(args.resource, protect);
        captured.push({ type: args.type, name: args.name, opts: args.opts, protect });
        return undefined;
      });
      try {
        return await runCourseProgram();
      } catch (error) {
        failure = error;
        return undefined;
      }
    })
    .catch((error: unknown) => {
      failure ??= error;
      return undefined;
    });
  await settings.waitForRPCs();
  if (failure !== undefined) throw Object.assign(failure as Error, { registered: mocks.resources });
  const resources = mocks.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
  return {
    resources,
    options: captured,
    outputs: outputs as Record<string, unknown> | undefined,
    cloudResources: resources.filter((r) => r.custom),
  };
}

/** Runs a program expected to fail on its input; returns the error and what was registered before it. */
export async function runCourseExpectingFailure(
  options: RunCourseOptions,
): Promise<{ error: Error; registered: RegisteredResource[] }> {
  try {
    await runCourse(options);
  } catch (error) {
    const registered = ((error as { registered?: RegisteredResource[] }).registered ?? []).filter(
      (r) => r.type !== "pulumi:pulumi:Stack",
    );
    return { error: error as Error, registered };
  }
  throw new Error("expected the program to fail on its input, but it succeeded");
}

export function ofType(run: Pick<CourseRun, "resources">, type: string): RegisteredResource[] {
  return run.resources.filter((r) => r.type === type);
}
