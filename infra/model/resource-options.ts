/**
 * Resource options that keep a class safe, decided here (not in components) so that they can be tested without
 * the engine, which mocks do not show options to.
 */

export interface DataResourceOptions {
  /** Pulumi refuses to delete a protected resource: removing a student or a replacing change fails instead of losing data. */
  readonly protect: boolean;
  /** Never set: teardown must leave nothing behind, so nothing is dropped from state while kept in the cloud. */
  readonly retainOnDelete: false;
}

/** Options of the resources that hold a student's work: VM (boot disk), bucket, registry, secrets. */
export function studentDataOptions(protectStudentData: boolean): DataResourceOptions {
  return { protect: protectStudentData, retainOnDelete: false };
}

/**
 * Changes to a VM's boot disk settings never replace an existing VM (the provider can only change them by
 * recreating the VM, which would wipe the student's disk): a new image family or disk size applies to VMs created
 * afterwards. Existing disks can be resized in place with `gcloud compute disks resize`.
 */
export const VM_IGNORED_CHANGES = ["bootDisk.initializeParams.image", "bootDisk.initializeParams.size"] as const;

/** APIs stay enabled on destroy: disabling them would break anything else in the project using them. */
export const API_SERVICE_SETTINGS = { disableOnDestroy: false, disableDependentServices: false } as const;
