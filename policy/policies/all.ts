/**
 * Every policy of the course's pack, without constructing the pack: tests import this (constructing a PolicyPack
 * starts the analyzer server the Pulumi CLI talks to).
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { COMPUTE_POLICIES } from "./compute";
import { GUARDRAIL_RESOURCE_POLICIES, GUARDRAIL_STACK_POLICIES } from "./guardrails";
import { IAM_RESOURCE_POLICIES, IAM_STACK_POLICIES } from "./iam";
import { NETWORK_POLICIES } from "./network";
import { SECRET_POLICIES } from "./secrets";
import { STORAGE_POLICIES } from "./storage";

export const RESOURCE_POLICIES: readonly ResourceValidationPolicy[] = [
  ...COMPUTE_POLICIES,
  ...NETWORK_POLICIES,
  ...STORAGE_POLICIES,
  ...IAM_RESOURCE_POLICIES,
  ...SECRET_POLICIES,
  ...GUARDRAIL_RESOURCE_POLICIES,
];

export const STACK_POLICIES: readonly StackValidationPolicy[] = [...IAM_STACK_POLICIES, ...GUARDRAIL_STACK_POLICIES];

export const COURSE_POLICIES: readonly (ResourceValidationPolicy | StackValidationPolicy)[] = [
  ...RESOURCE_POLICIES,
  ...STACK_POLICIES,
];
