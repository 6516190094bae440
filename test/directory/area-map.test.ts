// The small service-area map on a library's page: SVG drawn from GeoJSON at build time.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { drawAreaMap } from "../../src/directory/web/area-map.ts";
import { MAPS_KEPT, areaMapsKept, serviceAreaMap } from "../../src/build/area-maps.ts";
import { library } from "../fixtures/directory/sample-libraries.ts";

const square = { type: "Polygon" as const, coordinates: [[[-120, 35], [-119, 35], [-119, 36], [-120, 36], [-120, 35]]] };

test("a polygon fills the frame; its state, given as context, is drawn behind and sets the frame", () => {
  const alone = drawAreaMap([square], "Map")!;
  assert.match(alone, /^<svg [^>]*viewBox="0 0 320 200"[^>]*role="img" aria-label="Map">/);
  assert.is((alone.match(/<path /g) ?? []).length, 1);
  const big = { type: "Polygon" as const, coordinates: [[[-125, 32], [-114, 32], [-114, 42], [-125, 42], [-125, 32]]] };
  const framed = drawAreaMap([square], "Map", [big])!;
  assert.is((framed.match(/<path /g) ?? []).length, 2);
  assert.ok(framed.indexOf('fill="#eef1f4"') < framed.indexOf('fill="#9ec5e8"'), "context first, the area on top");
  assert.not.match(framed, "<circle", "big enough to see");
  const speck = { type: "Polygon" as const, coordinates: [[[-119.5, 36], [-119.49, 36], [-119.49, 36.01], [-119.5, 35.99], [-119.5, 36]]] };
  assert.match(drawAreaMap([speck], "Map", [big])!, /<circle cx="[\d.]+" cy="[\d.]+" r="7"/, "a town too small to see gets a marker");
});

test("nothing to draw: no map, not an empty one", () => {
  assert.is(drawAreaMap([], "Map"), undefined);
  assert.is(drawAreaMap([null, { type: "Point", coordinates: [0, 0] }], "Map"), undefined);
  // spanning the antimeridian would draw the whole globe
  assert.is(drawAreaMap([{ type: "Polygon", coordinates: [[[-179, 50], [179, 50], [179, 51], [-179, 51], [-179, 50]]] }], "Map"), undefined);
});

test("the label is escaped", () => {
  assert.match(drawAreaMap([square], 'A "quoted" <map>')!, 'aria-label="A &#34;quoted&#34; &#60;map&#62;"');
});

test("from the gazetteer: a county is drawn inside its state; everywhere and unknown places draw nothing", () => {
  const kern = serviceAreaMap(library(1, { info: { service_area: { US: ["Kern County, CA"] } } }));
  assert.ok(kern && (kern.match(/<path /g) ?? []).length === 2, "Kern County inside California");
  assert.is(serviceAreaMap(library(2, { info: { service_area: "everywhere" } })), undefined);
  assert.is(serviceAreaMap(library(3, { info: { service_area: { US: ["Nowhere Special, ZZ"] } } })), undefined);
});

test("at most MAPS_KEPT drawn maps are kept, and one forgotten is drawn again the same", () => {
  const kernLib = library(1, { info: { service_area: { US: ["Kern County, CA"] } } });
  const kern = serviceAreaMap(kernLib);
  for (let i = 0; i < MAPS_KEPT + 10; i++) serviceAreaMap(library(2, { info: { service_area: { US: [`Nowhere ${i}, ZZ`] } } }));
  assert.is(areaMapsKept(), MAPS_KEPT);
  assert.is(serviceAreaMap(kernLib), kern);
});

test.run();
