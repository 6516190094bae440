import { resolvePlace, describePlace, candidateLabel, resolveArea, placesFeatureCollection } from "../../src/geo/index.ts";
import { parseCommandArgs, UsageError } from "../args.ts";
import { help, options } from "../specs/places.ts";

export { help };

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
