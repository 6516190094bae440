// A library's service and focus areas, resolved with src/geo, and what the registry tells the
// library about names it could not resolve: a warning with the candidates, or, when
// `policy.reject_unresolved_places` is set, an error in the reference's words.
import { libraryAreasOf, type LibraryPlaces } from "../geo/index.ts";
import type { LibraryInfo } from "../opds/library-info.ts";
import { problem, type Problem } from "../opds/problem.ts";

export function libraryPlaces(info: Pick<LibraryInfo, "service_area" | "focus_area">): LibraryPlaces {
  return libraryAreasOf(info.service_area, info.focus_area);
}

export function unresolvedPlaceProblems(places: LibraryPlaces): Problem[] {
  return places.unresolved.map((u) => {
    const candidates = u.candidates.length ? ` Did you mean: ${u.candidates.join("; ")}?` : "";
    return problem("invalidDocument", `The following ${u.member.replace("_", " ")} was ${u.status}: ${u.name} (${u.reason}).${candidates}`);
  });
}
