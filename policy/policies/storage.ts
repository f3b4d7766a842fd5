/**
 * Cloud Storage buckets: IAM-only access, never public, versioned (CIS Google Cloud Platform Foundation Benchmark
 * 5.1, 5.2; Checkov CKV_GCP_29, CKV_GCP_114, CKV_GCP_78). Public principals in bucket IAM are in ./iam.ts.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { T, at, resourcePolicy } from "./support";

export const bucketUniformAccess = resourcePolicy(
  {
    name: "bucket-uniform-access",
    description: "Buckets use uniform bucket-level access: IAM alone decides, no object ACLs (CIS 5.2; CKV_GCP_29).",
    remediationSteps: "Set uniformBucketLevelAccess to true.",
  },
  [T.bucket],
  (props, _args, report) => {
    if (props.uniformBucketLevelAccess !== true) report("uniform bucket-level access is off");
  },
);

export const bucketPublicAccessPrevention = resourcePolicy(
  {
    name: "bucket-public-access-prevention",
    description:
      "Buckets enforce public access prevention, so no grant can ever make them public (CIS 5.1; CKV_GCP_114).",
    remediationSteps: 'Set publicAccessPrevention to "enforced".',
    severity: "critical",
  },
  [T.bucket],
  (props, _args, report) => {
    if (props.publicAccessPrevention !== "enforced") report("public access prevention is not enforced");
  },
);

export const bucketVersioning = resourcePolicy(
  {
    name: "bucket-versioning",
    description:
      "Buckets keep object versions: DVC's version_aware remotes need them, and a deleted object can be restored (CKV_GCP_78).",
    remediationSteps: "Set versioning.enabled to true.",
    severity: "medium",
  },
  [T.bucket],
  (props, _args, report) => {
    if (at(props, "versioning", "enabled") !== true) report("object versioning is off");
  },
);

export const STORAGE_POLICIES: readonly ResourceValidationPolicy[] = [
  bucketUniformAccess,
  bucketPublicAccessPrevention,
  bucketVersioning,
];
