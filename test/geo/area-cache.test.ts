// Resolved service areas kept between builds: a saved resolution is used instead of resolving
// again, only while the version (this code and the gazetteer data) is the same.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NearbyIndex, areaKey, geoDataVersion, libraryAreasOf, loadAreaResolutions, loadPlaceTiles, resolveArea, saveAreaResolutions, savePlaceTiles } from "../../src/geo/index.ts";

test("a saved resolution is used for the same values; one of another version is ignored", () => {
  const dir = mkdtempSync(join(tmpdir(), "area-cache-"));
  const file = join(dir, "areas.json");
  const real = libraryAreasOf({ US: ["Kings County, NY"] }, undefined);
  assert.is(real.eligibility[0]?.name, "Kings County, NY");
  saveAreaResolutions(file);
  const saved = JSON.parse(readFileSync(file, "utf8"));
  assert.ok(saved.areas.some(([k]: [string]) => k === areaKey({ US: ["Kings County, NY"] }, undefined)));

  // Planted under values never resolved in this process: if they come back, nothing was resolved.
  const planted = { ...real, eligibility: [{ ...real.eligibility[0], name: "Planted County, NY" }], focus: [] };
  const value = { US: ["Queens County, NY"] };
  writeFileSync(file, JSON.stringify({ version: saved.version, areas: [[areaKey(value, undefined), planted]] }));
  loadAreaResolutions(file);
  assert.is(libraryAreasOf(value, undefined).eligibility[0].name, "Planted County, NY");

  const other = { US: ["Bronx County, NY"] };
  writeFileSync(file, JSON.stringify({ version: "another", areas: [[areaKey(other, undefined), planted]] }));
  loadAreaResolutions(file);
  assert.is(libraryAreasOf(other, undefined).eligibility[0].name, "Bronx County, NY", "resolved, not read from a stale file");

  saveAreaResolutions(file, (k) => k === areaKey(other, undefined));
  assert.is(JSON.parse(readFileSync(file, "utf8")).areas.length, 1, "only the keys asked for are kept");
});

test("the tiles near each place are kept between builds under the same version", () => {
  const dir = mkdtempSync(join(tmpdir(), "place-tiles-"));
  const file = join(dir, "place-tiles.json");
  const richmond = resolveArea({ US: ["Richmond County, NY"] }).places;
  // Planted before this process ever computed Richmond County's tiles: a tile far away comes back.
  writeFileSync(file, JSON.stringify({ version: geoDataVersion(), places: [[`${richmond[0].id}|50`, [["10/10", true]]]] }));
  loadPlaceTiles(file, geoDataVersion());
  const tiles = new NearbyIndex([{ key: "Staten Island", service: richmond, focus: richmond }]).tiles();
  assert.equal([...tiles.keys()], ["10/10"]);
  // another version is ignored; what this process computed is saved
  const kings = resolveArea({ US: ["Kings County, NY"] }).places;
  writeFileSync(file, JSON.stringify({ version: "other", places: [[`${kings[0].id}|50`, [["10/10", true]]]] }));
  loadPlaceTiles(file, geoDataVersion());
  const real = new NearbyIndex([{ key: "Brooklyn", service: kings, focus: kings }]).tiles();
  assert.ok(real.has("40/-74") && !real.has("10/10"));
  savePlaceTiles(file, geoDataVersion());
  const saved = JSON.parse(readFileSync(file, "utf8"));
  assert.is(saved.version, geoDataVersion());
  assert.ok(saved.places.some(([k]: [string]) => k === `${kings[0].id}|50`));
  // a place loaded from the file but never asked for in this process is not saved again
  writeFileSync(file, JSON.stringify({ version: geoDataVersion(), places: [["gone-place|50", [["1/1", true]]]] }));
  loadPlaceTiles(file, geoDataVersion());
  savePlaceTiles(file, geoDataVersion());
  assert.not.ok(JSON.parse(readFileSync(file, "utf8")).places.some(([k]: [string]) => k === "gone-place|50"));
});

test.run();
