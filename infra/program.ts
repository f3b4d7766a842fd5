import * as pulumi from "@pulumi/pulumi";
import { CourseStack, type CourseStackOutputs } from "../stacks/course-stack";
import { InputError } from "./settings/input-error";
import { findProjectRoot, loadCoursePlan } from "./settings/load-course";

/**
 * The course program: read and check the stack config and roster (registering nothing when anything is invalid),
 * plan the course, then build the stack class for the current stack.
 */
export async function runCourseProgram(): Promise<CourseStackOutputs> {
  const stack = pulumi.getStack();
  let plan;
  try {
    plan = loadCoursePlan({ projectRoot: findProjectRoot(__dirname), stack, config: pulumi.runtime.allConfig() });
  } catch (error) {
    // RunError: the CLI prints the message without a stack trace; the message already says what to fix.
    if (error instanceof InputError) throw new pulumi.RunError(error.message);
    throw error;
  }
  for (const warning of plan.warnings) void pulumi.log.warn(warning);
  return new CourseStack(plan).outputs;
}
