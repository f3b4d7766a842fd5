/** Labels every labellable resource carries, so that billing reports, budgets and cleanup can find them. */

export const MANAGED_BY = "course-cloud";
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;

export type Labels = Readonly<Record<string, string>>;

export function courseLabels(courseId: string, stack: string): Labels {
  return { course: courseId, stack, "managed-by": MANAGED_BY };
}

export function studentLabels(courseId: string, stack: string, studentKey: string): Labels {
  return { ...courseLabels(courseId, stack), student: studentKey };
}

/** Google label values: at most 63 lowercase letters, digits, '_' and '-'. */
export function isValidLabelValue(value: string): boolean {
  return LABEL_VALUE.test(value);
}
