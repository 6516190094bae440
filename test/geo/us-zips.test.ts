// A ZIP code's radius: 0.6 × the distance to the nearest other ZIP centroid, between 1 and 15 km.
// The neighbour search reads a narrow band of latitude; this checks it against every centroid.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createRequire } from "node:module";
import { findZip } from "../../src/geo/us-zips.ts";
import { haversineKm } from "../../src/geo/geometry.ts";
import { packageFile } from "../../src/geo/data-files.ts";

const require = createRequire(import.meta.url);
const rows = require(packageFile("us-zips/key-value.js")) as [string, { latitude: number; longitude: number }][];

test("every sampled ZIP's radius is the one the nearest of all centroids gives (dense, rural, islands, Alaska)", () => {
  const sample = rows.filter((_, i) => i % 97 === 0).map(([code]) => code);
  sample.push("10001", "10018", "99723", "96799", "00601", "59330", "82190");
  let capped = 0;
  for (const code of sample) {
    const place = findZip(code);
    if (!place) continue;
    const at = rows.find(([c]) => c === code)![1];
    let nearest = Infinity;
    for (const [other, g] of rows) if (other !== code) nearest = Math.min(nearest, haversineKm([at.longitude, at.latitude], [g.longitude, g.latitude]));
    const expected = Math.round(Math.min(15, Math.max(1, 0.6 * nearest)) * 10) / 10;
    assert.is(place.radiusKm, expected, code);
    if (expected === 15) capped++;
  }
  assert.ok(sample.length > 300 && capped > 0, "rural ZIPs at the cap are among them");
});

test("a code not in the data, or not a ZIP, is null; ZIP+4 is its ZIP", () => {
  assert.is(findZip("00000"), null);
  assert.is(findZip("1001"), null);
  assert.is(findZip("10018-1234")?.id, "US-zip-10018");
});

test.run();
