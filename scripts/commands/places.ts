import { resolvePlace, describePlace, candidateLabel, resolveArea, placesFeatureCollection } from "../../src/geo/index.ts";
import { parseCommandArgs, UsageError } from "../args.ts";

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

const options = { nation: { type: "string" }, area: { type: "string" }, geojson: { type: "boolean" } } as const;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, options, help);
  if (values.area === undefined && positionals.length === 0) throw new UsageError(`name at least one place\n\n${help}`);
  if (values.nation !== undefined && !/^[A-Za-z]{2}$/.test(values.nation)) throw new UsageError(`--nation takes an ISO 3166-1 alpha-2 code such as US, not '${values.nation}'`);
  let value: unknown;
  if (values.area !== undefined) {
    try {
      value = JSON.parse(values.area);
    } catch (err) {
      throw new UsageError(`--area is not JSON: ${(err as Error).message}`);
    }
    if (positionals.length) throw new UsageError("give either NAMEs or --area, not both");
  } else value = values.nation ? { [values.nation.toUpperCase()]: positionals } : positionals;

  if (values.geojson || values.area !== undefined) {
    const area = resolveArea(value);
    if (values.geojson) console.log(JSON.stringify({ ...placesFeatureCollection(area.places), unresolved: area.unresolved }, null, 2));
    else {
      if (area.noInformation) console.log("no information (an empty area is not \"everywhere\")");
      for (const p of area.places) console.log(`✓ ${describePlace(p)}`);
      for (const u of area.unresolved) printUnresolved(u.name, u.status, u.reason, u.candidates);
    }
    return area.unresolved.length ? 1 : 0;
  }
  let failed = 0;
  for (const name of positionals) {
    const r = resolvePlace(name, values.nation ? { within: values.nation.toUpperCase() } : {});
    if (r.status === "resolved") console.log(`✓ ${name} → ${describePlace(r.place)}`);
    else {
      failed++;
      printUnresolved(name, r.status, r.reason, r.candidates.map(candidateLabel));
    }
  }
  return failed ? 1 : 0;
}

function printUnresolved(name: string, status: string, reason: string, candidates: string[]) {
  console.log(`✗ ${name}: ${status}: ${reason}`);
  if (candidates.length) console.log(`    candidates: ${candidates.join("; ")}`);
}
