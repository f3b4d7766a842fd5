import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import {
  GLOBAL_GPU_METRIC,
  parseQuota,
  quotaDeclarationProblems,
  quotaNeeds,
  quotaProblems,
  type GpuVm,
} from "../../infra/model/quota";
import { InputError } from "../../infra/settings/input-error";
import { loadCoursePlan } from "../../infra/settings/load-course";
import { plan, planWithIssues, student, students } from "./plan-support";

const EW1 = "europe-west1";
const t4 = (spot = false, count = 1, region = EW1): GpuVm => ({ gpuType: "nvidia-tesla-t4", count, region, spot });
const l4 = (spot = false): GpuVm => ({ gpuType: "nvidia-l4", count: 1, region: EW1, spot });
const times = (n: number, vm: GpuVm): GpuVm[] => Array.from({ length: n }, () => vm);

const raise = (needed: number, metric: string, where: string, limit: number) =>
  `the class needs ${needed} ${needed === 1 ? "GPU" : "GPUs"} under quota ${metric}${where}, but the quota is ${limit}: request an increase of ${metric}${where} to at least ${needed} (IAM & Admin > Quotas), or give some students spot/another GPU/none`;

void describe("parseQuota", () => {
  void test("reads METRIC=N and METRIC@region=N", () => {
    assert.deepEqual(parseQuota(["GPUS_ALL_REGIONS=8", "NVIDIA_T4_GPUS@europe-west1=4"]), [
      { metric: "GPUS_ALL_REGIONS", limit: 8 },
      { metric: "NVIDIA_T4_GPUS", region: EW1, limit: 4 },
    ]);
  });
});

void describe("quotaNeeds", () => {
  void test("sums GPUs per region and model, and all of them under the global metric", () => {
    assert.deepEqual(quotaNeeds([t4(), t4(false, 2), l4(), t4(false, 1, "us-central1")]), [
      { metric: GLOBAL_GPU_METRIC, needed: 5 },
      { metric: "NVIDIA_L4_GPUS", region: EW1, needed: 1 },
      { metric: "NVIDIA_T4_GPUS", region: EW1, needed: 3 },
      { metric: "NVIDIA_T4_GPUS", region: "us-central1", needed: 1 },
    ]);
  });

  void test("spot GPUs count against PREEMPTIBLE_ only where that quota is declared for the region", () => {
    const vms = [t4(false), t4(true), t4(true)];
    assert.deepEqual(quotaNeeds(vms), [
      { metric: GLOBAL_GPU_METRIC, needed: 3 },
      { metric: "NVIDIA_T4_GPUS", region: EW1, needed: 3 },
    ]);
    assert.deepEqual(quotaNeeds(vms, parseQuota(["PREEMPTIBLE_NVIDIA_T4_GPUS@europe-west1=8"])), [
      { metric: GLOBAL_GPU_METRIC, needed: 3 },
      { metric: "NVIDIA_T4_GPUS", region: EW1, needed: 1 },
      { metric: "PREEMPTIBLE_NVIDIA_T4_GPUS", region: EW1, needed: 2 },
    ]);
    assert.deepEqual(quotaNeeds(vms, parseQuota(["PREEMPTIBLE_NVIDIA_T4_GPUS@us-central1=8"])), [
      { metric: GLOBAL_GPU_METRIC, needed: 3 },
      { metric: "NVIDIA_T4_GPUS", region: EW1, needed: 3 },
    ]);
  });

  void test("no GPU, no need", () => {
    assert.deepEqual(quotaNeeds([]), []);
  });
});

void describe("quotaProblems at, below and above the limit", () => {
  const cases: { what: string; vms: GpuVm[]; quota: string[]; problems: string[] }[] = [
    { what: "below the global limit", vms: times(3, t4()), quota: ["GPUS_ALL_REGIONS=4"], problems: [] },
    { what: "at the global limit", vms: times(4, t4()), quota: ["GPUS_ALL_REGIONS=4"], problems: [] },
    {
      what: "above the global limit",
      vms: times(5, t4()),
      quota: ["GPUS_ALL_REGIONS=4"],
      problems: [raise(5, "GPUS_ALL_REGIONS", " (all regions)", 4)],
    },
    {
      what: "a new project's global quota of 0",
      vms: [t4()],
      quota: ["GPUS_ALL_REGIONS=0"],
      problems: [raise(1, "GPUS_ALL_REGIONS", " (all regions)", 0)],
    },
    {
      what: "at the regional limit",
      vms: times(8, t4()),
      quota: ["NVIDIA_T4_GPUS@europe-west1=8"],
      problems: [],
    },
    {
      what: "above the regional limit, counting GPUs not VMs",
      vms: times(5, t4(false, 2)),
      quota: ["NVIDIA_T4_GPUS@europe-west1=8"],
      problems: [raise(10, "NVIDIA_T4_GPUS", " in region europe-west1", 8)],
    },
    {
      what: "both layers exceeded",
      vms: times(3, t4()),
      quota: ["GPUS_ALL_REGIONS=2", "NVIDIA_T4_GPUS@europe-west1=1"],
      problems: [
        raise(3, "GPUS_ALL_REGIONS", " (all regions)", 2),
        raise(3, "NVIDIA_T4_GPUS", " in region europe-west1", 1),
      ],
    },
    {
      what: "another model's quota does not count",
      vms: times(3, t4()),
      quota: ["NVIDIA_L4_GPUS@europe-west1=0"],
      problems: [],
    },
    {
      what: "spot without declared preemptible quota uses the regular metric",
      vms: times(3, t4(true)),
      quota: ["NVIDIA_T4_GPUS@europe-west1=2"],
      problems: [raise(3, "NVIDIA_T4_GPUS", " in region europe-west1", 2)],
    },
    {
      what: "spot with declared preemptible quota leaves the regular metric alone",
      vms: [...times(3, t4(true)), t4(false)],
      quota: ["NVIDIA_T4_GPUS@europe-west1=1", "PREEMPTIBLE_NVIDIA_T4_GPUS@europe-west1=3"],
      problems: [],
    },
    {
      what: "above the declared preemptible quota",
      vms: times(4, t4(true)),
      quota: ["NVIDIA_T4_GPUS@europe-west1=8", "PREEMPTIBLE_NVIDIA_T4_GPUS@europe-west1=3"],
      problems: [raise(4, "PREEMPTIBLE_NVIDIA_T4_GPUS", " in region europe-west1", 3)],
    },
    { what: "nothing declared, nothing checked", vms: times(100, t4()), quota: [], problems: [] },
  ];
  for (const c of cases) {
    void test(c.what, () => {
      assert.deepEqual(quotaProblems(c.vms, parseQuota(c.quota)), c.problems);
    });
  }
});

void describe("quotaDeclarationProblems: declarations that could never be checked", () => {
  void test("a regional metric without its region, a global one with a region, an unknown metric, another region", () => {
    assert.deepEqual(
      quotaDeclarationProblems(
        parseQuota([
          "GPUS_ALL_REGIONS=8",
          "NVIDIA_T4_GPUS@europe-west1=8",
          "PREEMPTIBLE_NVIDIA_L4_GPUS@europe-west1=2",
          "NVIDIA_T4_GPUS=8",
          "GPUS_ALL_REGIONS@europe-west1=8",
          "NVIDIA_TESLA_T4_GPUS@europe-west1=8",
          "NVIDIA_L4_GPUS@us-central1=4",
        ]),
        EW1,
      ),
      [
        "NVIDIA_T4_GPUS=8: NVIDIA_T4_GPUS is a regional quota; write NVIDIA_T4_GPUS@europe-west1=8",
        "GPUS_ALL_REGIONS@europe-west1=8: GPUS_ALL_REGIONS is global; write GPUS_ALL_REGIONS=8",
        "NVIDIA_TESLA_T4_GPUS@europe-west1=8: no GPU of the catalog counts against NVIDIA_TESLA_T4_GPUS; known metrics: GPUS_ALL_REGIONS, NVIDIA_A100_80GB_GPUS, NVIDIA_A100_GPUS, NVIDIA_H100_GPUS, NVIDIA_L4_GPUS, NVIDIA_P100_GPUS, NVIDIA_P4_GPUS, NVIDIA_T4_GPUS, NVIDIA_V100_GPUS, PREEMPTIBLE_NVIDIA_A100_80GB_GPUS, PREEMPTIBLE_NVIDIA_A100_GPUS, PREEMPTIBLE_NVIDIA_H100_GPUS, PREEMPTIBLE_NVIDIA_L4_GPUS, PREEMPTIBLE_NVIDIA_P100_GPUS, PREEMPTIBLE_NVIDIA_P4_GPUS, PREEMPTIBLE_NVIDIA_T4_GPUS, PREEMPTIBLE_NVIDIA_V100_GPUS",
        "NVIDIA_L4_GPUS@us-central1=4: the course runs in europe-west1, so this quota is never used; write NVIDIA_L4_GPUS@europe-west1=4",
      ],
    );
  });
});

void describe("quota in the plan", () => {
  void test("the plan lists what the class needs, spot and overrides included", () => {
    const planned = plan({ gpuQuota: ["GPUS_ALL_REGIONS=8"] }, [
      student("s1", 0),
      student("s2", 1, { spot: true }),
      student("s3", 2, { gpu: "nvidia-l4" }),
      student("s4", 3, { gpu: "none" }),
    ]);
    assert.deepEqual(planned.quotaNeeds, [
      { metric: GLOBAL_GPU_METRIC, needed: 3 },
      { metric: "NVIDIA_L4_GPUS", region: EW1, needed: 1 },
      { metric: "NVIDIA_T4_GPUS", region: EW1, needed: 2 },
    ]);
    assert.deepEqual(planned.warnings, []);
  });

  void test("without a declared quota, the plan warns with what to check", () => {
    assert.deepEqual(plan({}, students(["s1", "s2"])).warnings, [
      "GPU quota not declared (gpuQuota), so not checked; the class needs GPUS_ALL_REGIONS=2, NVIDIA_T4_GPUS@europe-west1=2",
    ]);
  });

  void test("an exceeded quota is a problem of the gpuQuota setting", () => {
    const { issues } = planWithIssues({ gpuQuota: ["NVIDIA_T4_GPUS@europe-west1=1"] }, students(["s1", "s2"]));
    assert.deepEqual(issues, [
      {
        file: "Pulumi.test.yaml",
        field: "course-cloud:gpuQuota",
        message: raise(2, "NVIDIA_T4_GPUS", " in region europe-west1", 1),
      },
    ]);
  });

  void test("loadCoursePlan throws an InputError naming Pulumi.<stack>.yaml, the gpuQuota line and the metric", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "quota-"));
    try {
      fs.writeFileSync(
        path.join(root, "roster.csv"),
        "id,email\ns1,a@example.edu\ns2,b@example.edu\ns3,c@example.edu\n",
      );
      fs.writeFileSync(
        path.join(root, "Pulumi.quota.yaml"),
        "config:\n  gcp:project: p\n  gcp:region: europe-west1\n  course-cloud:gpuQuota:\n    - GPUS_ALL_REGIONS=2\n",
      );
      let error: unknown;
      try {
        loadCoursePlan({
          projectRoot: root,
          stack: "quota",
          config: {
            "gcp:project": "p",
            "gcp:region": EW1,
            "course-cloud:roster": "roster.csv",
            "course-cloud:gpuQuota": '["GPUS_ALL_REGIONS=2"]',
          },
        });
      } catch (e) {
        error = e;
      }
      assert.ok(error instanceof InputError);
      assert.deepEqual(error.issues, [
        {
          file: "Pulumi.quota.yaml",
          line: 4,
          field: "course-cloud:gpuQuota",
          message: raise(3, "GPUS_ALL_REGIONS", " (all regions)", 2),
        },
      ]);
      assert.match(
        error.message,
        /Pulumi\.quota\.yaml:4: course-cloud:gpuQuota: the class needs 3 GPUs under quota GPUS_ALL_REGIONS/,
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
