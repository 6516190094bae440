// Entry timestamps: one RFC 3339 instant, whole seconds, ending in `Z` — the form iOS's two date
// formats, Android's parser and web-patron all accept (feeds.md §6).

/** `2024-05-01T12:30:00Z` from any date-time string Date can read; throws on garbage. */
export function toInstant(value: string, what = "timestamp"): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new TypeError(`${what}: '${value}' is not a date-time`);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
