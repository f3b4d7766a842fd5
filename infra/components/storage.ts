import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { childOptions } from "./options";
import * as random from "@pulumi/random";
import type { Labels } from "../model/labels";
import { BUCKET_SUFFIX_BYTES } from "../model/naming";
import type { BucketPlan } from "../model/plan";

export interface StudentStorageArgs {
  readonly bucket: BucketPlan;
  readonly labels: Labels;
  readonly accessLogBucket: pulumi.Input<string>;
}

/**
 * A student's bucket, usable as a DVC remote with `version_aware`: versioned, uniform access, public access
 * prevention enforced. Bucket names are global, so the name ends with a random suffix created once per student.
 */
export class StudentStorage extends pulumi.ComponentResource {
  readonly bucket: gcp.storage.Bucket;

  constructor(name: string, args: StudentStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("course-cloud:student:Storage", name, {}, opts);
    const suffix = new random.RandomId(`${name}-suffix`, { byteLength: BUCKET_SUFFIX_BYTES }, childOptions(this, opts));
    this.bucket = new gcp.storage.Bucket(
      `${name}-bucket`,
      {
        name: pulumi.interpolate`${args.bucket.namePrefix}-${suffix.hex}`,
        location: args.bucket.location,
        storageClass: "STANDARD",
        versioning: { enabled: true },
        uniformBucketLevelAccess: true,
        publicAccessPrevention: "enforced",
        forceDestroy: args.bucket.forceDestroy,
        logging: { logBucket: args.accessLogBucket, logObjectPrefix: args.bucket.namePrefix },
        labels: { ...args.labels },
      },
      childOptions(this, opts),
    );
    this.registerOutputs({ name: this.bucket.name });
  }
}
