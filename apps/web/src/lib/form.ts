import type { FormInstance, FormRule } from 'antd';

import { ApiError } from './api-client';

/**
 * What the web forms need of a domain zod schema. The forms validate with the very schemas the
 * API validates with (packages/domain), so a message a person sees before sending is the one the
 * server would have given.
 */
export type Schema<T> = {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: readonly SchemaIssue[] } };
};
type SchemaIssue = { path: readonly PropertyKey[]; message: string };

export type FieldPath = (string | number)[];

const pathKey = (path: readonly PropertyKey[]) => path.map(String).join('.');

/**
 * An antd rule for one field that runs the whole form's values through `schema`, so refinements
 * across fields (new password ≠ current password) land on the field they name. `toInput` turns
 * the form's values into what the schema reads (dayjs → YYYY-MM-DD and the like).
 */
export function schemaRule<T>(
  schema: Schema<T>,
  field: string | FieldPath,
  toInput: (values: never) => unknown = (values) => values,
): FormRule {
  const key = pathKey(Array.isArray(field) ? field : [field]);
  return (form) => ({
    validator: async () => {
      const result = schema.safeParse(toInput(form.getFieldsValue(true) as never));
      if (result.success) return;
      const issue = result.error.issues.find((candidate) => pathKey(candidate.path) === key);
      if (issue) throw new Error(issue.message);
    },
  });
}

/**
 * Puts a refused request's field issues (`issues: [{ field: 'body.reportedOn', … }]`) onto the
 * form's fields. Returns the messages no field of the form could take, for a general alert.
 */
export function applyServerIssues(form: FormInstance, error: unknown): string[] {
  if (!(error instanceof ApiError)) return [error instanceof Error ? error.message : String(error)];
  const issues = error.issues;
  if (issues.length === 0) return [error.message];

  // The form's fields, filled in or not (getFieldsError lists every registered field).
  const known = new Set(form.getFieldsError().map(({ name }) => String(name[0])));
  const unplaced: string[] = [];
  const byField = new Map<string, { name: FieldPath; errors: string[] }>();
  for (const issue of issues) {
    // The API prefixes the part of the request: body.reportedOn, querystring.pageSize.
    const name = issue.field
      .replace(/^(body|querystring|params)\.?/, '')
      .split('.')
      .filter(Boolean)
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const top = name[0];
    if (typeof top !== 'string' || !known.has(top)) {
      unplaced.push(issue.message);
      continue;
    }
    const key = pathKey(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(issue.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
  return unplaced;
}
