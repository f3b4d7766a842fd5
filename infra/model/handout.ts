import type { CoursePlan, StudentPlan } from "./plan";

/** What a student needs to start, as plain strings: the stack outputs and the printed handouts use this. */
export interface StudentHandout {
  readonly vm: string;
  readonly zone: string;
  readonly machine: string;
  readonly ssh: string;
  readonly bucket: string;
  readonly dvcRemote: string;
  readonly dockerRepository: string;
  readonly serviceAccount: string;
  readonly trigger?: string;
  readonly secrets?: readonly string[];
}

export function studentHandout(
  plan: Pick<CoursePlan, "project" | "region">,
  student: StudentPlan,
  resolved: { readonly bucketName: string; readonly serviceAccountEmail: string },
): StudentHandout {
  const { vm } = student;
  const gpu = vm.gpu ? ` + ${vm.gpu.count} x ${vm.gpu.type}` : "";
  return {
    vm: vm.name,
    zone: vm.zone,
    machine: `${vm.machineType}${gpu}${vm.spot ? " (spot)" : ""}`,
    ssh: `gcloud compute ssh ${vm.name} --zone ${vm.zone} --project ${plan.project} --tunnel-through-iap`,
    bucket: `gs://${resolved.bucketName}`,
    dvcRemote: `dvc remote add -d remote_storage gs://${resolved.bucketName} && dvc remote modify remote_storage version_aware true`,
    dockerRepository: student.registry.url,
    serviceAccount: resolved.serviceAccountEmail,
    ...(student.build ? { trigger: student.build.triggerName } : {}),
    ...(student.secrets.length > 0 ? { secrets: student.secrets } : {}),
  };
}
