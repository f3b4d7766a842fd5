import * as path from "node:path";
import { Command } from "commander";
import type { CoursePlan } from "../infra/model/plan";
import { InputError } from "../infra/settings/input-error";
import { findProjectRoot, loadCoursePlan } from "../infra/settings/load-course";
import { readStackConfig } from "./offline/stack-config";

/** What every command about one stack starts from: its config as the CLI passes it, and its checked plan. */
export interface StackInput {
  readonly projectRoot: string;
  readonly stack: string;
  readonly config: Record<string, string>;
  readonly plan: CoursePlan;
}

/** A command with the options every stack command shares: `--stack` (default dev) and `--roster`. */
export function stackCommand(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .option("-s, --stack <name>", "stack whose Pulumi.<stack>.yaml to use", "dev")
    .option("-r, --roster <file>", "use this roster instead of the stack's");
}

/**
 * Reads the stack's config (Pulumi.yaml defaults + the stack file, `--roster` overriding the roster) and plans the
 * course. Invalid input prints every problem and gives undefined, for the command to exit with code 1.
 */
export function loadStackInput(options: { stack: string; roster?: string }): StackInput | undefined {
  const projectRoot = findProjectRoot(__dirname);
  const config = readStackConfig(projectRoot, options.stack);
  if (options.roster) config["course-cloud:roster"] = path.resolve(options.roster);
  try {
    return {
      projectRoot,
      stack: options.stack,
      config,
      plan: loadCoursePlan({ projectRoot, stack: options.stack, config }),
    };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    console.error(error.message);
    return undefined;
  }
}
