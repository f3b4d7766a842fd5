import * as pulumi from "@pulumi/pulumi";
import { CourseStack, type CourseStackOutputs } from "../stacks/course-stack";
import { InputError } from "./settings/input-error";
import { findProjectRoot, loadCoursePlan } from "./settings/load-course";

/**
 * The course program: read and check the stack config and roster (registering nothing when anything is invalid),
 * plan the course, then build the stack class for the current stack. The CLI calls it without arguments, so the
 * project is the one holding this file; `projectRoot` lets a caller point at another copy of the stack files.
 */
export async function runCourseProgram(projectRoot: string = findProjectRoot(__dirname)): Promise<CourseStackOutputs> {
  const stack = pulumi.getStack();
  let plan;
  try {
    plan = loadCoursePlan({ projectRoot, stack, config: pulumi.runtime.allConfig() });
  } catch (error) {
    // RunError: the CLI prints the message without a stack trace; the message already says what to fix.
    if (error instanceof InputError) throw inputFailure(error.message);
    throw error;
  }
  for (const warning of plan.warnings) void pulumi.log.warn(warning);
  return new CourseStack(plan).outputs;
}

/**
 * The error the CLI reports for bad input. Its stack is dropped: the CLI never shows a RunError's stack, but it
 * still formats it with colours for its trace, and Node 22 can loop for seconds over these frames while doing so
 * (nodejs/node#64011), delaying the exit of a failed `pulumi preview` by ~15 s and ~2 GB.
 */
function inputFailure(message: string): pulumi.RunError {
  const failure = new pulumi.RunError(message);
  failure.stack = undefined;
  return failure;
}
