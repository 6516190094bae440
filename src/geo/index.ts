// The places API other parts of the registry use (build, server, search, the web page).
// src/geo imports nothing of the registry's own: it is names, shapes and distances only.
export { resolvePlace, type Resolution, type ResolveOptions } from "./resolve.ts";
export { resolveArea, type ResolvedArea, type Unresolved, type AreaOptions } from "./area.ts";
export { resolveLibraryAreas, libraryAreasOf, areaServed, areaKey, loadAreaResolutions, saveAreaResolutions, geoDataVersion, type LibraryPlaces } from "./library-areas.ts";
export { type Place, type PlaceKind, EVERYWHERE, describePlace, candidateLabel } from "./place.ts";
export { placeFeature, placesFeatureCollection, shapeOf, geometryOf } from "./place-shape.ts";
export { NearbyIndex, NEARBY_RADIUS_KM, loadPlaceTiles, savePlaceTiles, tileOf, type LibraryAreas, type NearbyHit, type NearbyGroup } from "./nearby.ts";
export { parseLocation, type Location } from "./location.ts";

import { NearbyIndex, type LibraryAreas, type NearbyHit } from "./nearby.ts";

/** One-shot form of NearbyIndex#near, for a caller with a handful of libraries. */
export function librariesServing<T>(point: { lat: number; lon: number }, libs: readonly LibraryAreas<T>[]): NearbyHit<T>[] {
  return new NearbyIndex(libs).near([point.lon, point.lat]);
}
