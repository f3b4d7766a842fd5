// Entry point the Pulumi CLI runs (Pulumi.yaml `main`). Everything happens in runCourseProgram; its result
// becomes the stack outputs.
import { runCourseProgram } from "./program";

export = runCourseProgram;
