/** A query string of the filters that are set, in a stable order (it is part of the query key). */
export function searchOf(filters: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const key of Object.keys(filters).sort()) {
    const value = filters[key];
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
