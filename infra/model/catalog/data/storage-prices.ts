/**
 * Storage, registry and build list prices (USD). Sources: Cyclenerd/google-cloud-pricing-cost-calculator
 * `pricing.yml` generated 2026-07-30 from the Cloud Billing Catalog; cloud.google.com/artifact-registry/pricing;
 * cloud.google.com/build/pricing (2025-08).
 */
export const STORAGE_PRICES_AS_OF = "2026-07-30";
export const STORAGE_PRICES_SOURCE =
  "Cloud Billing Catalog via google-cloud-pricing-cost-calculator (2026-07-30); Artifact Registry and Cloud Build pricing pages";

/** Cloud Storage Standard class, per GB-month, by bucket location. */
export const BUCKET_USD_PER_GB_MONTH: Readonly<Record<string, number>> = {
  EU: 0.026,
  "europe-west1": 0.02,
  "europe-west4": 0.02,
  "europe-north1": 0.02,
  "europe-west3": 0.023,
};

/** pd-balanced persistent disk, per GB-month, by region. */
export const PD_BALANCED_USD_PER_GB_MONTH: Readonly<Record<string, number>> = {
  "europe-west1": 0.1,
  "europe-west4": 0.11,
  "europe-north1": 0.11,
  "europe-west3": 0.12,
  "us-central1": 0.1,
};

/** Artifact Registry storage beyond the first 0.5 GB a month (free tier is per billing account, so not counted). */
export const REGISTRY_USD_PER_GB_MONTH = 0.1;
/** Cloud Build default pool (e2-standard-2), per build minute (2,500 free minutes per billing account not counted). */
export const BUILD_USD_PER_MINUTE = 0.006;
