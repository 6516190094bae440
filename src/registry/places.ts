// A library's service and focus areas, resolved with src/geo, and what the registry tells the
// library about names it could not resolve: a warning with the candidates, or, when
// `policy.reject_unresolved_places` is set, an error in the reference's words.
import { resolveLibraryAreas, type LibraryPlaces } from "../geo/index.ts";
import type { LibraryInfo } from "../opds/library-info.ts";
import { problem, type Problem } from "../opds/problem.ts";

const memo = new Map<string, LibraryPlaces>();

/** Resolved once per distinct pair of values (thousands of libraries share a few shapes). */
export function libraryPlaces(info: Pick<LibraryInfo, "service_area" | "focus_area">): LibraryPlaces {
  const key = JSON.stringify([info.service_area ?? null, info.focus_area ?? null]);
  let places = memo.get(key);
  if (!places) {
    places = resolveLibraryAreas(info.service_area, info.focus_area);
    if (memo.size > 50_000) memo.clear();
    memo.set(key, places);
  }
  return places;
}

export function unresolvedPlaceProblems(places: LibraryPlaces): Problem[] {
  return places.unresolved.map((u) => {
    const candidates = u.candidates.length ? ` Did you mean: ${u.candidates.join("; ")}?` : "";
    return problem("invalidDocument", `The following ${u.member.replace("_", " ")} was ${u.status}: ${u.name} (${u.reason}).${candidates}`);
  });
}
