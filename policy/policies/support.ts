/**
 * Helpers shared by the course's policies: resource type tokens, typed access to untyped props, and the shape
 * every policy of the pack has (mandatory, with the benchmark rule it enforces in its description).
 */
import { UnknownValueError } from "@pulumi/policy";
import type {
  PolicyConfigSchema,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";

/** Type tokens of the resources the policies look at. */
export const T = {
  instance: "gcp:compute/instance:Instance",
  network: "gcp:compute/network:Network",
  firewall: "gcp:compute/firewall:Firewall",
  resourcePolicy: "gcp:compute/resourcePolicy:ResourcePolicy",
  projectMetadata: "gcp:compute/projectMetadata:ProjectMetadata",
  projectMetadataItem: "gcp:compute/projectMetadataItem:ProjectMetadataItem",
  bucket: "gcp:storage/bucket:Bucket",
  dockerRepository: "gcp:artifactregistry/repository:Repository",
  secret: "gcp:secretmanager/secret:Secret",
  secretVersion: "gcp:secretmanager/secretVersion:SecretVersion",
  notificationChannel: "gcp:monitoring/notificationChannel:NotificationChannel",
  serviceAccountKey: "gcp:serviceaccount/key:Key",
  workloadIdentityProvider: "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider",
} as const;

export type Props = Record<string, unknown>;

/** The class name at the end of a type token (`gcp:storage/bucketIAMMember:BucketIAMMember` -> `BucketIAMMember`). */
export function typeName(type: string): string {
  return type.slice(type.lastIndexOf(":") + 1);
}

/** Additive IAM grants of any Google Cloud resource (`...IAMMember`, `...IamMember`). */
export function isIamMember(type: string): boolean {
  return type.startsWith("gcp:") && /(IAM|Iam)Member$/.test(typeName(type));
}

/** Authoritative IAM of any Google Cloud resource (`...IAMBinding`, `...IamPolicy`, ...). */
export function isAuthoritativeIam(type: string): boolean {
  return type.startsWith("gcp:") && /(IAM|Iam)(Binding|Policy)$/.test(typeName(type));
}

/** IAM on the project, folder or organization: it applies to every resource below. */
export function isHierarchyIam(type: string): boolean {
  return /^gcp:(projects|folder|organizations)\/i(AM|am)(Member|Binding|Policy):/.test(type);
}

export function asRecord(value: unknown): Props | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Props) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The value at a path of nested objects, or undefined. */
export function at(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    const record = asRecord(current);
    if (!record) return undefined;
    current = record[key];
  }
  return current;
}

/** The last path segment of a name or URL (`zones/z/machineTypes/n1-standard-4` -> `n1-standard-4`). */
export function lastSegment(value: string): string {
  return value.slice(value.lastIndexOf("/") + 1);
}

/** Compute Engine reads metadata booleans case-insensitively ("TRUE", "true", "1", "yes"). */
export function metadataTrue(value: unknown): boolean {
  return typeof value === "string" ? ["true", "1", "yes", "y"].includes(value.trim().toLowerCase()) : value === true;
}

/**
 * Reads something a preview may not know yet: undefined when the read hits an unknown value. Stack policies use it
 * to check everything known and leave the rest to `pulumi up`, where every value is known, instead of giving up on
 * the whole stack at the first unknown.
 */
export function known<V>(read: () => V): V | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof UnknownValueError) return undefined;
    throw error;
  }
}

interface PolicyText {
  readonly name: string;
  readonly description: string;
  readonly remediationSteps?: string;
  readonly severity?: "low" | "medium" | "high" | "critical";
  readonly configSchema?: PolicyConfigSchema;
}

/**
 * A mandatory policy over the resources of the given types (or the types a predicate accepts); the validation
 * receives the resource's inputs. Other types are reported not applicable, as `validateResourceOfType` does.
 */
export function resourcePolicy(
  text: PolicyText,
  types: readonly string[] | ((type: string) => boolean),
  validate: (props: Props, args: ResourceValidationArgs, report: ReportViolation) => void,
): ResourceValidationPolicy {
  const applies = typeof types === "function" ? types : (type: string) => types.includes(type);
  return {
    severity: "high",
    ...text,
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
      if (!applies(args.type)) args.notApplicable(`does not apply to ${args.type}`);
      validate(args.props, args, report);
    },
  };
}

/** A mandatory policy over the whole stack (resources with their outputs). */
export function stackPolicy(
  text: PolicyText,
  validate: (resources: readonly PolicyResource[], args: StackValidationArgs, report: ReportViolation) => void,
): StackValidationPolicy {
  return {
    severity: "high",
    ...text,
    enforcementLevel: "mandatory",
    validateStack: (args, report) => validate(args.resources, args, report),
  };
}
