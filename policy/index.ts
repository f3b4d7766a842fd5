// The course's policy pack: `pulumi preview --policy-pack policy` checks every resource of the stack against it
// and fails on any violation (every policy is mandatory). The policies live in ./policies.
import { PolicyPack } from "@pulumi/policy";
import { COURSE_POLICIES } from "./policies/all";

new PolicyPack("course-cloud", {
  description:
    "Least privilege and hardening for the course environment: CIS Google Cloud Platform Foundation Benchmark and Checkov checks for its resources, and the course's guardrails (GPU catalog, nightly stop, labels).",
  enforcementLevel: "mandatory",
  policies: [...COURSE_POLICIES],
});
