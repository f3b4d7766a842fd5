import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  CPU_FALLBACK_MACHINE_TYPE,
  NO_GPU,
  acceleratorFacts,
  knownAcceleratorTypes,
  knownRegions,
  resolveHardware,
  resolveStudentHardware,
  zonesOffering,
  zonesOfRegion,
  type HardwareRequest,
  type HardwareSetting,
  type HardwareResult,
} from "../../infra/model/catalog/accelerators";
import { ACCELERATORS, GPU_FACTS_AS_OF, REGION_ZONES } from "../../infra/model/catalog/data/gpus";
import {
  RETIRED_IMAGE_FAMILIES,
  imageFamilyProblem,
  imageFamilyUrl,
  imageFamilyWarning,
} from "../../infra/model/catalog/images";
import { MACHINE_PRICES_AS_OF, machinePrice, machineShape, machineTypesIn } from "../../infra/model/catalog/machines";

const T4 = "nvidia-tesla-t4";
const L4 = "nvidia-l4";
const V100 = "nvidia-tesla-v100";

const request = (over: Partial<HardwareRequest>): HardwareRequest => ({
  machineType: "n1-standard-4",
  gpu: T4,
  gpuCount: 1,
  region: "europe-west1",
  ...over,
});

const problemsOf = (result: HardwareResult): string[] => (result.ok ? [] : result.problems);

void describe("resolveHardware rejects what cannot be had, saying what would work", () => {
  const knownMachinesInEw1 = machineTypesIn("europe-west1").join(", ");
  // `setting`: the config key the message asks to change, which the error points at.
  const cases: { what: string; request: Partial<HardwareRequest>; problem: string; setting: HardwareSetting }[] = [
    {
      what: "L4 on an N1 machine type",
      setting: "machineType",
      request: { gpu: L4 },
      problem: "nvidia-l4 is built into g2-standard-*; set machineType to g2-standard-4 and drop the accelerator",
    },
    {
      what: "L4 on a machine type carrying another GPU",
      setting: "machineType",
      request: { gpu: L4, machineType: "a2-highgpu-1g", region: "europe-west4" },
      problem:
        "nvidia-l4 is built into g2-standard-*; set machineType to g2-standard-4 and drop the accelerator (a2-highgpu-1g carries nvidia-tesla-a100)",
    },
    {
      what: "T4 in a region without T4",
      setting: "gpu",
      request: { region: "europe-north1" },
      problem:
        "europe-north1 offers no nvidia-tesla-t4; zones that do: europe-west1-b, europe-west1-c, europe-west1-d, europe-west4-a, europe-west4-b, europe-west4-c, europe-west3-b, us-central1-a, us-central1-b, us-central1-c, us-central1-f",
    },
    {
      what: "L4 in a region without L4 (the GPU is the problem, not the machine type)",
      setting: "gpu",
      request: { gpu: L4, machineType: "g2-standard-4", region: "europe-north1" },
      problem:
        "europe-north1 offers no nvidia-l4; zones that do: europe-west1-b, europe-west1-c, europe-west4-a, europe-west4-b, europe-west4-c, europe-west3-a, europe-west3-b, us-central1-a, us-central1-b, us-central1-c",
    },
    {
      what: "T4 on E2",
      setting: "machineType",
      request: { machineType: "e2-standard-4" },
      problem: "nvidia-tesla-t4 attaches only to N1 machine types, not e2-standard-4; set machineType to n1-standard-4",
    },
    {
      what: "T4 on G2",
      setting: "machineType",
      request: { machineType: "g2-standard-4" },
      problem:
        "g2-standard-4 carries nvidia-l4 and cannot take nvidia-tesla-t4; nvidia-tesla-t4 attaches to N1 machine types, e.g. set machineType to n1-standard-4",
    },
    {
      what: "3 T4s",
      setting: "gpuCount",
      request: { gpuCount: 3 },
      problem: "nvidia-tesla-t4 comes in counts of 1, 2, 4, not 3",
    },
    {
      what: "8 T4s",
      setting: "gpuCount",
      request: { gpuCount: 8 },
      problem: "nvidia-tesla-t4 comes in counts of 1, 2, 4, not 8",
    },
    {
      what: "N1 host limit: one V100 allows 12 vCPU",
      setting: "machineType",
      request: { gpu: V100, machineType: "n1-standard-16", region: "europe-west4" },
      problem:
        "n1-standard-16 (16 vCPU, 60 GB) is larger than 1 x nvidia-tesla-v100 allows (at most 12 vCPU, 78 GB); choose a smaller N1 machine type or more GPUs",
    },
    {
      what: "none on a G2 (it always carries an L4)",
      setting: "machineType",
      request: { gpu: NO_GPU, machineType: "g2-standard-4" },
      problem:
        "g2-standard-4 always carries nvidia-l4; for a VM without a GPU choose a machine type without one, e.g. e2-standard-4",
    },
    {
      what: "an unknown accelerator",
      setting: "gpu",
      request: { gpu: "nvidia-tesla-k80" },
      problem: `unknown accelerator type "nvidia-tesla-k80"; known: ${knownAcceleratorTypes().join(", ")}, or none`,
    },
    {
      what: "an accelerator type in the wrong case (types are lowercase in the API)",
      setting: "gpu",
      request: { gpu: "NVIDIA-TESLA-T4" },
      problem: `unknown accelerator type "NVIDIA-TESLA-T4"; known: ${knownAcceleratorTypes().join(", ")}, or none`,
    },
    {
      what: "an unknown machine type",
      setting: "machineType",
      request: { machineType: "n1-standard-3" },
      problem: `machine type n1-standard-3 is not in the catalog for europe-west1; known there: ${knownMachinesInEw1}`,
    },
    {
      what: "an unknown region",
      setting: "region",
      request: { region: "europe-west99" },
      problem:
        "region europe-west99 is not in the catalog; known regions: europe-north1, europe-west1, europe-west3, europe-west4, us-central1",
    },
    {
      what: "a G2 with a different GPU count than it carries",
      setting: "gpuCount",
      request: { gpu: L4, machineType: "g2-standard-4", gpuCount: 2 },
      problem: "g2-standard-4 carries 1 x nvidia-l4, not 2; set gpuCount to 1, or set machineType to g2-standard-24",
    },
    {
      what: "a G2 GPU count no G2 carries",
      setting: "gpuCount",
      request: { gpu: L4, machineType: "g2-standard-24", gpuCount: 3 },
      problem:
        "g2-standard-24 carries 2 x nvidia-l4, not 3; set gpuCount to 2, or no g2-standard-* machine type in europe-west1 carries 3",
    },
  ];
  for (const c of cases) {
    void test(c.what, () => {
      assert.deepEqual(resolveHardware(request(c.request)), { ok: false, problems: [c.problem], setting: c.setting });
    });
  }

  void test("the unknown-machine-type message lists real machine types of the region", () => {
    assert.ok(knownMachinesInEw1.includes("n1-standard-4") && knownMachinesInEw1.includes("g2-standard-4"));
  });
});

void describe("resolveHardware accepts", () => {
  const attached = ACCELERATORS.filter((a) => a.attach === "attached");
  const regionsOffering = (type: string) => knownRegions().filter((r) => zonesOffering(type, r).length > 0);

  void test("every accelerator with its suggested machine type in every region that offers both", () => {
    for (const facts of ACCELERATORS) {
      const shape = machineShape(facts.suggestedMachineType);
      assert.ok(shape, `${facts.type}: suggested ${facts.suggestedMachineType} is in the price data`);
      const count = shape.builtInGpu?.count ?? 1;
      const regions = regionsOffering(facts.type).filter((r) => machineTypesIn(r).includes(facts.suggestedMachineType));
      assert.ok(regions.length > 0, `${facts.type} can be had somewhere`);
      for (const region of regions) {
        assert.deepEqual(
          resolveHardware({ machineType: facts.suggestedMachineType, gpu: facts.type, gpuCount: count, region }),
          {
            ok: true,
            hardware: {
              machineType: facts.suggestedMachineType,
              gpu: { type: facts.type, count, attach: facts.attach },
            },
          },
          `${facts.type} on ${facts.suggestedMachineType} in ${region}`,
        );
      }
    }
  });

  void test("every attached GPU in every allowed count on n1-standard-4", () => {
    for (const facts of attached) {
      const region = regionsOffering(facts.type)[0]!;
      for (const count of Object.keys(facts.counts ?? {}).map(Number)) {
        assert.equal(
          resolveHardware({ machineType: "n1-standard-4", gpu: facts.type, gpuCount: count, region }).ok,
          true,
          `${count} x ${facts.type}`,
        );
      }
    }
  });

  void test("every machine type carrying an L4 with its own count", () => {
    const g2 = machineTypesIn("europe-west1").filter((t) => machineShape(t)?.builtInGpu?.type === L4);
    assert.ok(g2.length >= 5);
    for (const machineType of g2) {
      const count = machineShape(machineType)!.builtInGpu!.count;
      assert.equal(resolveHardware({ machineType, gpu: L4, gpuCount: count, region: "europe-west1" }).ok, true);
    }
  });

  void test("a CPU-only VM on any machine type without a GPU (gpuCount is irrelevant)", () => {
    for (const machineType of ["e2-medium", "e2-standard-4", "n1-standard-4"]) {
      assert.deepEqual(resolveHardware(request({ machineType, gpu: NO_GPU, gpuCount: 4 })), {
        ok: true,
        hardware: { machineType },
      });
    }
  });

  void test("an N1 machine at the host limit: two V100s take n1-standard-16", () => {
    assert.equal(
      resolveHardware({ machineType: "n1-standard-16", gpu: V100, gpuCount: 2, region: "us-central1" }).ok,
      true,
    );
  });
});

void describe("resolveStudentHardware (roster gpu override)", () => {
  const course = request({});

  void test("keeps the course machine type where it fits the requested GPU", () => {
    assert.deepEqual(resolveStudentHardware(request({ machineType: "n1-standard-8" }), "nvidia-tesla-p100"), {
      ok: true,
      hardware: { machineType: "n1-standard-8", gpu: { type: "nvidia-tesla-p100", count: 1, attach: "attached" } },
    });
  });

  void test("falls back to the GPU's suggested machine type where the course's does not fit", () => {
    assert.deepEqual(resolveStudentHardware(course, L4), {
      ok: true,
      hardware: { machineType: "g2-standard-4", gpu: { type: L4, count: 1, attach: "built-in" } },
    });
    assert.deepEqual(resolveStudentHardware(request({ machineType: "g2-standard-8", gpu: L4 }), T4), {
      ok: true,
      hardware: { machineType: "n1-standard-4", gpu: { type: T4, count: 1, attach: "attached" } },
    });
  });

  void test("falls back to the suggested machine type with one GPU when the course count does not exist for it", () => {
    const eightV100s = request({ machineType: "n1-standard-8", gpu: V100, gpuCount: 8, region: "us-central1" });
    assert.equal(resolveHardware(eightV100s).ok, true);
    assert.deepEqual(resolveStudentHardware(eightV100s, T4), {
      ok: true,
      hardware: { machineType: "n1-standard-4", gpu: { type: T4, count: 1, attach: "attached" } },
    });
    assert.deepEqual(resolveStudentHardware(request({ region: "europe-west4", gpuCount: 2 }), "nvidia-a100-80gb"), {
      ok: true,
      hardware: { machineType: "a2-ultragpu-1g", gpu: { type: "nvidia-a100-80gb", count: 1, attach: "built-in" } },
    });
  });

  void test("none keeps the course machine type unless it carries a GPU, then takes the CPU fallback", () => {
    assert.deepEqual(resolveStudentHardware(course, NO_GPU), { ok: true, hardware: { machineType: "n1-standard-4" } });
    assert.deepEqual(resolveStudentHardware(request({ machineType: "g2-standard-4", gpu: L4 }), NO_GPU), {
      ok: true,
      hardware: { machineType: CPU_FALLBACK_MACHINE_TYPE },
    });
  });

  void test("a GPU the region does not offer stays an error, naming the zones that do", () => {
    assert.deepEqual(resolveStudentHardware(course, V100), {
      ok: false,
      setting: "gpu",
      problems: [
        "europe-west1 offers no nvidia-tesla-v100; zones that do: europe-west4-a, europe-west4-b, europe-west4-c, us-central1-a, us-central1-b, us-central1-c, us-central1-f",
      ],
    });
  });

  void test("an unknown GPU stays an error", () => {
    assert.deepEqual(problemsOf(resolveStudentHardware(course, "tpu-v5")), [
      `unknown accelerator type "tpu-v5"; known: ${knownAcceleratorTypes().join(", ")}, or none`,
    ]);
  });
});

void describe("zones", () => {
  void test("zonesOffering is the catalog's zone list cut to the region, never derived from names", () => {
    assert.deepEqual(zonesOffering(T4, "europe-west1"), ["europe-west1-b", "europe-west1-c", "europe-west1-d"]);
    assert.deepEqual(zonesOffering(T4, "europe-west3"), ["europe-west3-b"]);
    assert.deepEqual(zonesOffering(L4, "europe-west1"), ["europe-west1-b", "europe-west1-c"]);
    assert.deepEqual(zonesOffering(T4, "europe-north1"), []);
    assert.deepEqual(zonesOffering("nvidia-tesla-k80", "europe-west1"), []);
    assert.deepEqual(zonesOffering(undefined, "us-central1"), zonesOfRegion("us-central1"));
    assert.deepEqual(zonesOffering(T4, "nowhere"), []);
  });

  void test("every zone listed for an accelerator is a zone of a region the catalog knows", () => {
    const known = new Set(Object.values(REGION_ZONES).flat());
    for (const facts of ACCELERATORS) {
      assert.deepEqual(
        facts.zones.filter((z) => !known.has(z)),
        [],
        facts.type,
      );
      const byRegion = knownRegions().flatMap((region) => zonesOffering(facts.type, region));
      assert.deepEqual([...byRegion].sort(), [...facts.zones].sort(), facts.type);
    }
  });

  void test("a region's zones come from the data: a zone whose name does not end in one letter works like any other", () => {
    // Google has zones such as europe-west4-ai1a; the catalog must list them, not guess <region>-<letter>.
    assert.deepEqual(zonesOfRegion("europe-west1"), ["europe-west1-b", "europe-west1-c", "europe-west1-d"]);
    assert.deepEqual(zonesOfRegion("us-central1"), [
      "us-central1-a",
      "us-central1-b",
      "us-central1-c",
      "us-central1-f",
    ]);
    assert.equal(zonesOfRegion("europe-west1").includes("europe-west1-a"), false);
  });
});

void describe("catalog data", () => {
  void test("every accelerator names its quota metric, its suggested machine type and how it attaches", () => {
    for (const facts of ACCELERATORS) {
      assert.match(facts.quotaMetric, /^NVIDIA_[A-Z0-9_]+_GPUS$/, facts.type);
      assert.equal(acceleratorFacts(facts.type), facts);
      if (facts.attach === "attached") {
        assert.ok(facts.counts && Object.keys(facts.counts).length > 0, facts.type);
        assert.ok(facts.suggestedMachineType.startsWith("n1-"), facts.type);
      } else {
        assert.ok(facts.suggestedMachineType.startsWith(facts.machinePrefix!), facts.type);
        assert.equal(machineShape(facts.suggestedMachineType)?.builtInGpu?.type, facts.type);
      }
    }
  });

  void test("every listed price is positive and spot is cheaper than on demand", () => {
    for (const facts of ACCELERATORS) {
      for (const [region, price] of Object.entries(facts.gpuUsdPerHour ?? {})) {
        assert.ok(price.spot > 0 && price.spot < price.onDemand, `${facts.type} ${region}`);
      }
    }
    for (const region of knownRegions()) {
      for (const machineType of machineTypesIn(region)) {
        const price = machinePrice(machineType, region)!;
        assert.ok(price.onDemandUsdPerHour > 0 && price.spotUsdPerHour > 0, `${machineType} ${region}`);
        assert.ok(price.spotUsdPerHour < price.onDemandUsdPerHour, `${machineType} ${region}: spot is cheaper`);
      }
    }
  });

  void test("the T4 and L4 a course is most likely to use are in the catalog, and the data is dated", () => {
    assert.ok(knownAcceleratorTypes().includes(T4) && knownAcceleratorTypes().includes(L4));
    assert.match(GPU_FACTS_AS_OF, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(MACHINE_PRICES_AS_OF, /^\d{4}-\d{2}-\d{2}$/);
  });
});

void describe("image families", () => {
  void test("the retired pytorch-latest-gpu is refused with its replacement", () => {
    assert.equal(
      imageFamilyProblem("pytorch-latest-gpu"),
      "image family pytorch-latest-gpu is retired (VM creation fails); use pytorch-2-9-cu129-ubuntu-2204-nvidia-580",
    );
    assert.equal(imageFamilyProblem("pytorch-2-9-cu129-ubuntu-2204-nvidia-580"), undefined);
    for (const replacement of Object.values(RETIRED_IMAGE_FAMILIES)) {
      assert.equal(imageFamilyProblem(replacement), undefined);
    }
  });

  void test("570-driver families warn with the 580 family to prefer", () => {
    assert.equal(
      imageFamilyWarning("common-cu128-ubuntu-2204-nvidia-570"),
      "image family common-cu128-ubuntu-2204-nvidia-570 uses the NVIDIA 570 driver, deprecated since 2026-04-13; prefer common-cu128-ubuntu-2204-nvidia-580",
    );
    assert.equal(imageFamilyWarning("pytorch-2-9-cu129-ubuntu-2204-nvidia-580"), undefined);
  });

  void test("family URLs point at the image project's family", () => {
    assert.equal(
      imageFamilyUrl("deeplearning-platform-release", "pytorch-2-9-cu129-ubuntu-2204-nvidia-580"),
      "projects/deeplearning-platform-release/global/images/family/pytorch-2-9-cu129-ubuntu-2204-nvidia-580",
    );
  });
});
