// `registry places`: its --help text and options. Kept apart from the command's code and free of
// imports so that `--help` and argument checking load nothing heavy (see scripts/registry.ts).
export const help = `usage: registry places NAME... [--nation CC] [--area JSON] [--geojson]

Prints what each place name resolves to, as the registry will read it in a library's
service_area or focus_area, so library staff can check their document before registering:

  registry places "Kings County, NY" "Brooklyn, NY" 11212 Springfield

Accepted in the US: a state by USPS abbreviation or name ("NY", "New York", "New York State"), a
county with its word and state ("Kings County, NY", "Orleans Parish, LA"), "City, ST", a ZIP or
ZIP+4. Also nations by ISO code or name, and cities of other nations by name. Cities and ZIP
codes have no boundary in the data: they are a point with the radius printed.
An unknown or ambiguous name prints its candidates (a warning, never a failed registration
unless policy.reject_unresolved_places is set).

  --nation CC   look names up inside this nation (ISO 3166-1 alpha-2), as the object form
                {"CC": [...]} does; default: anywhere, bare names in the US first
  --area JSON   resolve a whole service_area / focus_area value instead, e.g.
                --area '{"US": ["NY", "Lawrence, KS", "60604"]}'
  --geojson     print the resolved places as a GeoJSON FeatureCollection

Exit code 0 when every name resolved, 1 when some did not, 2 for a usage error.`;

export const options = { nation: { type: "string" }, area: { type: "string" }, geojson: { type: "boolean" } } as const;
