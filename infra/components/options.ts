import type * as pulumi from "@pulumi/pulumi";

/**
 * Options for a component's children: parented to the component and waiting for whatever the component was told
 * to wait for (API enablement). Pulumi does not pass a component's `dependsOn` on to its children by itself.
 */
export function childOptions(
  parent: pulumi.ComponentResource,
  opts?: pulumi.ComponentResourceOptions,
): pulumi.CustomResourceOptions {
  return opts?.dependsOn === undefined ? { parent } : { parent, dependsOn: opts.dependsOn };
}
