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
  /** The resource object itself, so that `dependsOn` entries can be told apart. */
  readonly resource: pulumi.Resource;
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
  /**
   * Text of the stack file `Pulumi.<stack>.yaml`, used instead of the committed one: the run happens in a
   * temporary copy of the project (Pulumi.yaml, this file, `stacks/`), so messages can point at its lines.
   */
  readonly stackFile?: string;
  readonly preview?: boolean;
  /**
   * Like the engine in a preview, leave every output a provider computes unknown (ids, emails, self links,
   * random suffixes); default: the value of `preview`.
   */
  readonly unknownOutputs?: boolean;
}

/** The project directory a run uses: the real one, or a temporary copy holding the given stack file. */
function projectRootFor(options: RunCourseOptions): string {
  if (options.stackFile === undefined) return PROJECT_ROOT;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "course-project-"));
  fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
  fs.symlinkSync(path.join(PROJECT_ROOT, "stacks"), path.join(root, "stacks"), "dir");
  fs.writeFileSync(path.join(root, `Pulumi.${options.stack ?? "course"}.yaml`), options.stackFile);
  return root;
}

function configFor(options: RunCourseOptions, projectRoot: string): Record<string, string> {
  const config = readStackConfig(projectRoot, options.stack ?? "course");
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

/** The full config map the engine would pass, with overrides applied. */
export function courseConfig(options: RunCourseOptions = {}): Record<string, string> {
  return configFor(options, PROJECT_ROOT);
}

/**
 * Mocks that answer like the engine does in a preview: a new resource's outputs are its inputs, and everything
 * the provider would compute (including the id) is unknown.
 */
class PreviewMocks implements pulumi.runtime.Mocks {
  constructor(private readonly inner: CourseMocks) {}

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
    const known = this.inner.newResource(args);
    if (!args.custom) return known;
    const inputs = (args.inputs ?? {}) as Record<string, unknown>;
    const state: Record<string, unknown> = { ...inputs };
    for (const key of Object.keys(known.state)) {
      if (!(key in inputs)) state[key] = pulumi.runtime.unknownValue;
    }
    return { id: undefined, state };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    return this.inner.call(args);
  }
}

export async function runCourse(options: RunCourseOptions = {}): Promise<CourseRun> {
  const projectRoot = projectRootFor(options);
  const config = configFor(options, projectRoot);
  const mocks = new CourseMocks(config["gcp:project"] ?? "mock-project");
  const preview = options.preview ?? false;
  await pulumi.runtime.setMocks(
    (options.unknownOutputs ?? preview) ? new PreviewMocks(mocks) : mocks,
    "course-cloud",
    options.stackName ?? options.stack ?? "course",
    preview,
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
        captured.push({ type: args.type, name: args.name, opts: args.opts, protect, resource: args.resource });
        return undefined;
      });
      try {
        return await runCourseProgram(projectRoot);
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
  if (projectRoot !== PROJECT_ROOT) fs.rmSync(projectRoot, { recursive: true, force: true });
  if (options.roster !== undefined) {
    fs.rmSync(path.dirname(config["course-cloud:roster"]!), { recursive: true, force: true });
  }
  if (failure !== undefined) {
    const roster = config["course-cloud:roster"];
    throw Object.assign(failure as Error, {
      registered: mocks.resources,
      ...(roster !== undefined ? { rosterFile: rosterFileName(projectRoot, roster) } : {}),
    });
  }
  const resources = mocks.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
  return {
    resources,
    options: captured,
    outputs: outputs as Record<string, unknown> | undefined,
    cloudResources: resources.filter((r) => r.custom),
  };
}

/** How messages should name a roster: as the user would open it, relative inside the project, absolute outside. */
function rosterFileName(projectRoot: string, roster: string): string {
  const absolute = path.resolve(projectRoot, roster);
  const relative = path.relative(projectRoot, absolute);
  return relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative;
}

export interface CourseFailure {
  readonly error: Error;
  /** Resources registered before the failure (the stack itself not counted). */
  readonly registered: RegisteredResource[];
  /** The roster file as messages should name it (relative inside the project, absolute outside). */
  readonly rosterFile: string;
}

/** Runs a program expected to fail on its input; returns the error and what was registered before it. */
export async function runCourseExpectingFailure(options: RunCourseOptions): Promise<CourseFailure> {
  try {
    await runCourse(options);
  } catch (error) {
    const details = error as { registered?: RegisteredResource[]; rosterFile?: string };
    const registered = (details.registered ?? []).filter((r) => r.type !== "pulumi:pulumi:Stack");
    return { error: error as Error, registered, rosterFile: details.rosterFile ?? "" };
  }
  throw new Error("expected the program to fail on its input, but it succeeded");
}

export function ofType(run: Pick<CourseRun, "resources">, type: string): RegisteredResource[] {
  return run.resources.filter((r) => r.type === type);
}

/**
 * Config that turns every optional capability on: a GitHub connection the course creates, GitHub Actions
 * federation, secrets. Tests add budgets, instructors or more secrets where they need them.
 */
export function everyOptionOn(project: string): NonNullable<RunCourseOptions["config"]> {
  return {
    githubActions: true,
    githubConnection: "",
    githubAppInstallationId: 4242,
    githubTokenSecretVersion: `projects/${project}/secrets/github-token/versions/1`,
    studentSecrets: ["wandb-api-key"],
  };
}
