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

/** The schema's message for `field` when `input` is run through it, if it has one. */
export function schemaIssue<T>(schema: Schema<T>, input: unknown, field: string | FieldPath) {
  const key = pathKey(Array.isArray(field) ? field : [field]);
  const result = schema.safeParse(input);
  if (result.success) return undefined;
  return result.error.issues.find((candidate) => pathKey(candidate.path) === key)?.message;
}

const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

export type SchemaRuleOptions = {
  /**
   * Shown instead of the schema's message when the field is empty. A choice the schema requires
   * (an enum, a unit id, a date) would otherwise be refused in zod's own English words, or as
   * "not a valid id" when nothing was chosen at all.
   */
  whenEmpty?: string;
};

/**
 * An antd rule for one field that runs the whole form's values through `schema`, so refinements
 * across fields (new password ≠ current password) land on the field they name. `toInput` turns
 * the form's values into what the schema reads (dayjs → YYYY-MM-DD and the like).
 */
export function schemaRule<T>(
  schema: Schema<T>,
  field: string | FieldPath,
  toInput: (values: never) => unknown = (values) => values,
  { whenEmpty }: SchemaRuleOptions = {},
): FormRule {
  return (form) => ({
    validator: async (_rule, value: unknown) => {
      const message = schemaIssue(schema, toInput(form.getFieldsValue(true) as never), field);
      if (message === undefined) return;
      throw new Error(whenEmpty !== undefined && isEmpty(value) ? whenEmpty : message);
    },
  });
}

/**
 * Puts a refused request's field issues (`issues: [{ field: 'body.reportedOn', … }]`) onto the
 * form's fields: onto the field named, or else the nearest field that holds it (an issue about
 * `cooperatingUnitIds.1` lands on the select holding all of them). Returns the messages no field
 * of the form could take, for a general alert; `describe` may reword those (naming the row an
 * `itemIds.3` is about, say).
 */
export function applyServerIssues(
  form: FormInstance,
  error: unknown,
  describe: (name: FieldPath, message: string) => string = (_name, message) => message,
): string[] {
  if (!(error instanceof ApiError)) return [error instanceof Error ? error.message : String(error)];
  const issues = error.issues;
  if (issues.length === 0) return [error.message];

  // The form's fields, filled in or not (getFieldsError lists every registered field).
  const known = new Map(form.getFieldsError().map(({ name }) => [pathKey(name), name as FieldPath]));
  const unplaced: string[] = [];
  const byField = new Map<string, { name: FieldPath; errors: string[] }>();
  for (const issue of issues) {
    // The API prefixes the part of the request: body.reportedOn, querystring.pageSize.
    const name = issue.field
      .replace(/^(body|querystring|params)\.?/, '')
      .split('.')
      .filter(Boolean)
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const holder = name
      .map((_part, index) => known.get(pathKey(name.slice(0, name.length - index))))
      .find((candidate) => candidate !== undefined);
    if (!holder) {
      unplaced.push(describe(name, issue.message));
      continue;
    }
    const key = pathKey(holder);
    const entry = byField.get(key) ?? { name: holder, errors: [] };
    entry.errors.push(issue.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
  return unplaced;
}
