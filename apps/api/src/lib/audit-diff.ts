/**
 * The before/after pair of an audit record for an update: only the fields that changed, so that a
 * reader of the trail sees what the action did rather than two near-identical snapshots.
 */
export function auditDiff<T extends Record<string, unknown>>(
  before: T,
  after: T,
): { before: Partial<T>; after: Partial<T> } {
  const changed = { before: {} as Partial<T>, after: {} as Partial<T> };
  for (const key of Object.keys(after) as (keyof T)[]) {
    // Compared as stored JSON: Dates and nulls compare the way the audit record will show them.
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changed.before[key] = before[key];
      changed.after[key] = after[key];
    }
  }
  return changed;
}
