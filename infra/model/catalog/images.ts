/**
 * Deep Learning VM image families (cloud.google.com/deep-learning-vm/docs/images, read 2026): the 2026 families use
 * NVIDIA driver 580 with CUDA 12.9. `pytorch-latest-gpu` is retired (creating a VM from it fails with "family not
 * found"); the 570-driver families were deprecated on 2026-04-13.
 */
export const RETIRED_IMAGE_FAMILIES: Readonly<Record<string, string>> = {
  "pytorch-latest-gpu": "pytorch-2-9-cu129-ubuntu-2204-nvidia-580",
};
const DEPRECATED_DRIVER = /-nvidia-570$/;

export function imageFamilyProblem(family: string): string | undefined {
  const replacement = RETIRED_IMAGE_FAMILIES[family];
  if (replacement) return `image family ${family} is retired (VM creation fails); use ${replacement}`;
  return undefined;
}

export function imageFamilyWarning(family: string): string | undefined {
  if (DEPRECATED_DRIVER.test(family)) {
    return `image family ${family} uses the NVIDIA 570 driver, deprecated since 2026-04-13; prefer ${family.replace(DEPRECATED_DRIVER, "-nvidia-580")}`;
  }
  return undefined;
}

export function imageFamilyUrl(project: string, family: string): string {
  return `projects/${project}/global/images/family/${family}`;
}
