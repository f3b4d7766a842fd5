/**
 * A stand-in for the part of the Pulumi engine that calls policies: it builds the arguments the analyzer server of
 * @pulumi/policy builds (props behind the same unknown-checking proxy, isType/asType by type token, getConfig,
 * notApplicable that throws), calls the validation and collects the violations. No CLI, no gRPC.
 */
import type {
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { UnknownValueError, unknownCheckingProxy } from "@pulumi/policy";

/** What `notApplicable` throws, as the analyzer server's own error does. */
export class NotApplicable extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? "Policy does not apply");
  }
}

export interface Outcome {
  readonly violations: string[];
  /** Set when the policy declared itself not applicable, with its reason. */
  readonly notApplicable?: string;
  /**
   * Set when the policy read a value a preview does not know yet; the engine then reports an advisory "can't run
   * policy during preview" instead of failing, and runs the policy again on `up`.
   */
  readonly unknown?: string;
}

/** How the engine hands a policy a value that is not known during a preview (the RPC layer's unknown sentinel). */
export const ENGINE_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * A deep copy of resource properties as the analyzer deserializes them: the program's unknowns (preview runs of
 * the mocks record them as `{ __pulumiUnknown: true }`) become the engine's unknown sentinel.
 */
export function engineProps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(engineProps);
  if (value !== null && typeof value === "object") {
    if ((value as { __pulumiUnknown?: unknown }).__pulumiUnknown === true) return ENGINE_UNKNOWN;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, engineProps(v)]));
  }
  return value;
}

export interface FakeResource {
  readonly type: string;
  readonly props: Record<string, unknown>;
  readonly name?: string;
}

const OPTIONS: PolicyResourceOptions = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

/** The analyzer server's type test: a class's `__pulumiType`, else its `isInstance`. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
  const token = (resourceClass as { __pulumiType?: unknown }).__pulumiType;
  if (typeof token === "string" && token !== "") return token === type;
  const isInstance = (resourceClass as { isInstance?: (o: unknown) => boolean }).isInstance;
  return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

export function urnOf(resource: FakeResource): string {
  return `urn:pulumi:test::course-cloud::${resource.type}::${resource.name ?? "under-test"}`;
}

function throwNotApplicable(reason?: string): never {
  throw new NotApplicable(reason);
}

/** What the engine tells a policy about any resource, whether one at a time or as part of the stack. */
function engineView(resource: FakeResource) {
  return {
    type: resource.type,
    props: unknownCheckingProxy(engineProps(resource.props)) as Record<string, unknown>,
    urn: urnOf(resource),
    name: resource.name ?? "under-test",
    opts: OPTIONS,
  };
}

export function resourceArgs(resource: FakeResource, config: object = {}): ResourceValidationArgs {
  const view = engineView(resource);
  const { props } = view;
  return {
    ...view,
    stackTags: new Map(),
    isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
    asType: ((resourceClass: unknown) =>
      isTypeOf(resource.type, resourceClass) ? props : undefined) as ResourceValidationArgs["asType"],
    getConfig: <T extends object>() => config as T,
    notApplicable: throwNotApplicable,
  };
}

/** Calls a resource policy's validations on one resource, as the engine does on `pulumi preview`. */
export async function validateResource(
  policy: ResourceValidationPolicy,
  resource: FakeResource,
  config: object = {},
): Promise<Outcome> {
  const violations: string[] = [];
  const validations = Array.isArray(policy.validateResource)
    ? policy.validateResource
    : policy.validateResource
      ? [policy.validateResource]
      : [];
  try {
    for (const validation of validations) {
      await validation(resourceArgs(resource, config), (message) => violations.push(message));
    }
  } catch (error) {
    if (error instanceof NotApplicable) return { violations, notApplicable: error.reason ?? "" };
    if (error instanceof UnknownValueError) return { violations, unknown: (error as Error).message };
    throw error;
  }
  return { violations };
}

export function policyResource(resource: FakeResource): PolicyResource {
  const view = engineView(resource);
  const { props } = view;
  return {
    ...view,
    dependencies: [],
    propertyDependencies: {},
    isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
    asType: ((resourceClass: unknown) =>
      isTypeOf(resource.type, resourceClass) ? props : undefined) as PolicyResource["asType"],
  };
}

/** Calls a stack policy on a set of resources, as the engine does at the end of a preview. */
export async function validateStack(
  policy: StackValidationPolicy,
  resources: readonly FakeResource[],
  config: object = {},
): Promise<Outcome & { readonly urns: (string | undefined)[] }> {
  const violations: string[] = [];
  const urns: (string | undefined)[] = [];
  const args: StackValidationArgs = {
    resources: resources.map(policyResource),
    stackTags: new Map(),
    getConfig: <T extends object>() => config as T,
    notApplicable: throwNotApplicable,
  };
  try {
    await policy.validateStack(args, (message, urn) => {
      violations.push(message);
      urns.push(urn);
    });
  } catch (error) {
    if (error instanceof NotApplicable) return { violations, urns, notApplicable: error.reason ?? "" };
    if (error instanceof UnknownValueError) return { violations, urns, unknown: (error as Error).message };
    throw error;
  }
  return { violations, urns };
}
