import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "csv-parse/sync";

/**
 * Machine types the course can use, with their shape and list price per region, read from the dated price data
 * (`data/machine-prices.csv`: Cloud Billing Catalog via google-cloud-pricing-cost-calculator, generated 2026-07-30).
 */
export const MACHINE_PRICES_AS_OF = "2026-07-30";
export const MACHINE_PRICES_SOURCE =
  "Cloud Billing Catalog via google-cloud-pricing-cost-calculator pricing.yml (2026-07-30)";

export interface MachineShape {
  readonly machineType: string;
  readonly vcpu: number;
  readonly ramGb: number;
  /** The GPU a machine type carries itself (G2, A2, A3), in accelerator-type terms. */
  readonly builtInGpu?: { readonly type: string; readonly count: number };
}

export interface MachinePrice {
  readonly onDemandUsdPerHour: number;
  readonly spotUsdPerHour: number;
}

/** Spelling of built-in GPUs in the price data, mapped to Compute Engine accelerator types. */
const BUILT_IN_GPU_TYPES: Readonly<Record<string, string>> = {
  l4: "nvidia-l4",
  a100: "nvidia-tesla-a100",
  "a100-80gb": "nvidia-a100-80gb",
  "h100-80gb": "nvidia-h100-80gb",
  "h100-80gb-mega": "nvidia-h100-mega-80gb",
  rtx6000: "nvidia-rtx-pro-6000",
};

interface PriceRow {
  machine_type: string;
  vcpu: string;
  ram_gb: string;
  builtin_gpus: string;
  region: string;
  ondemand_usd_per_hour: string;
  spot_usd_per_hour: string;
}

function parseBuiltInGpu(cell: string): MachineShape["builtInGpu"] {
  if (cell === "0" || cell === "") return undefined;
  const match = /^(.+)x([0-9.]+)$/.exec(cell);
  if (!match) throw new Error(`machine-prices.csv: cannot read builtin_gpus "${cell}"`);
  const type = BUILT_IN_GPU_TYPES[match[1]!];
  if (!type) throw new Error(`machine-prices.csv: unknown built-in GPU "${match[1]}"`);
  return { type, count: Number(match[2]) };
}

function loadMachineCatalog(): { shapes: Map<string, MachineShape>; prices: Map<string, MachinePrice> } {
  const text = fs.readFileSync(path.join(__dirname, "data", "machine-prices.csv"), "utf8");
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as PriceRow[];
  const shapes = new Map<string, MachineShape>();
  const prices = new Map<string, MachinePrice>();
  for (const row of rows) {
    const builtInGpu = parseBuiltInGpu(row.builtin_gpus);
    shapes.set(row.machine_type, {
      machineType: row.machine_type,
      vcpu: Number(row.vcpu),
      ramGb: Number(row.ram_gb),
      ...(builtInGpu ? { builtInGpu } : {}),
    });
    prices.set(`${row.machine_type}@${row.region}`, {
      onDemandUsdPerHour: Number(row.ondemand_usd_per_hour),
      spotUsdPerHour: Number(row.spot_usd_per_hour),
    });
  }
  return { shapes, prices };
}

const catalog = loadMachineCatalog();

export function machineShape(machineType: string): MachineShape | undefined {
  return catalog.shapes.get(machineType);
}

export function machinePrice(machineType: string, region: string): MachinePrice | undefined {
  return catalog.prices.get(`${machineType}@${region}`);
}

/** Machine types with a listed offer in a region, sorted. */
export function machineTypesIn(region: string): string[] {
  return [...catalog.shapes.keys()].filter((type) => catalog.prices.has(`${type}@${region}`)).sort();
}

/** N1 is the only family that takes separately attached GPUs (guestAccelerators). */
export function takesAttachedGpus(machineType: string): boolean {
  return machineType.startsWith("n1-");
}
