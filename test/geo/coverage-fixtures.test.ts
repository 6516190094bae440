// Every case of ../shared/fixtures/coverage/: the service_area forms and the reference's place
// lookups, with where we deliberately answer better (a warning with candidates, never a failure).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { resolveArea, resolvePlace, type Place } from "../../src/geo/index.ts";
import { sharedJson, withShared, HAVE_SHARED } from "../support/shared.ts";

type Case = { input: unknown; outcome: string };
const parsing: Case[] = HAVE_SHARED ? sharedJson("coverage/service-area-parsing-cases.json").cases : [];

const ids = (places: Place[]) => places.map((p) => p.id);

/** What each fixture case must come to here, keyed by the case's JSON. */
const EXPECT: Record<string, (r: ReturnType<typeof resolveArea>) => void> = {
  '"everywhere"': (r) => assert.equal(ids(r.places), ["everywhere"]),
  '{"US":"everywhere"}': (r) => assert.equal(ids(r.places), ["US"]),
  '{"Europe I think?":"everywhere","CA":"everywhere"}': (r) => {
    assert.equal(ids(r.places), ["CA"]);
    assert.equal(r.unresolved.map((u) => u.status), ["unknown"]);
    assert.match(r.unresolved[0].name, "Europe I think?");
  },
  '{"Memory Alpha":"everywhere","CA":"everywhere"}': (r) => {
    assert.equal(ids(r.places), ["CA"]);
    assert.match(r.unresolved[0].reason, "not a nation");
  },
  // the reference found 3 places; GeoNames has thirteen Mexican "San Francisco"s of 1,000+
  // people, none ten times larger than the next, so that one is ambiguous here, with candidates
  '{"US":"San Francisco","MX":["San Francisco","Mexico City"]}': (r) => {
    assert.equal(r.places.map((p) => p.name), ["San Francisco, CA", "Mexico City"]);
    assert.equal(r.unresolved.map((u) => [u.name, u.status]), [["MX: San Francisco", "ambiguous"]]);
    assert.ok(r.unresolved[0].candidates.length > 1);
  },
  '{"US":["Springfield"]}': (r) => {
    assert.equal(r.places, []);
    assert.equal(r.unresolved[0].status, "ambiguous");
    for (const st of ["Springfield, IL", "Springfield, MA", "Springfield, MO"]) assert.ok(r.unresolved[0].candidates.includes(st), st);
  },
  '{"US":"Nowheresville"}': (r) => {
    assert.equal(r.places, []);
    assert.equal(r.unresolved.map((u) => [u.name, u.status]), [["US: Nowheresville", "unknown"]]);
  },
  // bare names: the default nation (US) first
  '["Springfield, MA","02108"]': (r) => assert.equal(r.places.map((p) => p.name), ["Springfield, MA", "02108"]),
  '"Boston, MA"': (r) => assert.equal(r.places.map((p) => p.name), ["Boston, MA"]),
  '{"US":["CA","Lawrence, KS","Broward County, FL","60604"]}': (r) => {
    assert.equal(r.places.map((p) => [p.kind, p.name]), [["state", "California"], ["city", "Lawrence, KS"], ["county", "Broward County, FL"], ["postal_code", "60604"]]);
    assert.equal(r.unresolved, []);
  },
  '{"US":"everywhere","CA":["Toronto, ON"]}': (r) => assert.equal(r.places.map((p) => p.name), ["United States", "Toronto"]),
  '{"CA":[],"US":[]}': (r) => {
    assert.ok(r.noInformation, "empty lists are no information");
    assert.equal(r.places, []);
  },
  null: (r) => assert.ok(r.noInformation && r.places.length === 0),
  // GeoJSON is accepted here; this one has no rings, so it is a warning, not a failure
  '{"type":"Polygon","coordinates":[]}': (r) => {
    assert.equal(r.places, []);
    assert.match(r.unresolved[0].reason, "at least one ring");
  },
};

withShared(test)("every service-area parsing case of the shared fixtures has an expectation here", () => {
  assert.ok(parsing.length >= 14);
  for (const c of parsing) assert.ok(JSON.stringify(c.input) in EXPECT, `no expectation for ${JSON.stringify(c.input)}`);
});

for (const c of parsing) {
  test(`service_area ${JSON.stringify(c.input)} (reference: ${c.outcome.slice(0, 60)})`, () => EXPECT[JSON.stringify(c.input)](resolveArea(c.input)));
}

withShared(test)("the wiki's examples: NYPL (state + boroughs) and a statewide press", () => {
  const wiki = sharedJson("coverage/service-area-parsing-cases.json").wiki_examples;
  assert.equal(resolveArea(wiki.nypl.service_area).places.map((p: Place) => p.id), ["US-36"]);
  assert.equal(resolveArea(wiki.nypl.focus_area).places.map((p: Place) => p.name), ["Bronx County, NY", "New York County, NY", "Richmond County, NY"]);
  assert.equal(resolveArea(wiki.kentucky_press.service_area).places.map((p: Place) => p.id), ["everywhere"]);
  assert.equal(resolveArea(wiki.kentucky_press.focus_area).places.map((p: Place) => p.name), ["Kentucky"]);
});

// --- lookups ---------------------------------------------------------------------------------

type Lookup = { scope: string; name: string; expect: string | null };
const lookups: Lookup[] = HAVE_SHARED ? sharedJson("coverage/place-lookup-cases.json").cases : [];

/** The fixture's scope names, resolved with our own lookup. */
function scope(name: string): Place | string {
  const byName: Record<string, () => Place | string> = {
    everywhere: () => "everywhere",
    US: () => "US",
    "New York (state)": () => resolved("NY"),
    Connecticut: () => resolved("Connecticut"),
    "Kings County": () => resolved("Kings County, NY"),
    "ZIP 10018": () => resolved("10018"),
  };
  assert.ok(name in byName, `unknown scope ${name}`);
  return byName[name]();
}

function resolved(name: string, within?: Place | string): Place {
  const r = resolvePlace(name, within ? { within } : {});
  if (r.status !== "resolved") throw new Error(`${name}: ${r.status}: ${r.reason}`);
  return r.place;
}

/** The fixture's expectations as our place ids (the reference's ids are its own). */
const EXPECTED_ID: Record<string, string> = {
  "United States (nation)": "US",
  "New York (state)": "US-36",
  "ZIP 10018": "US-zip-10018",
  "New York City": "US-city-5128581",
  "Kings County": "US-36047",
  "Manhattan, KS (city)": "US-city-4274994",
};

withShared(test)("every place lookup case of the shared fixtures", () => {
  assert.ok(lookups.length >= 25);
  for (const c of lookups) {
    const r = resolvePlace(c.name, { within: scope(c.scope) });
    const label = `${c.scope} / ${c.name}`;
    if (c.expect === null) {
      // "Manhattan" alone is ambiguous here (NY, KS, IL, MT), with candidates, as the fixture's null
      assert.is.not(r.status, "resolved", label);
      continue;
    }
    assert.is(r.status, "resolved", `${label}: ${r.status === "resolved" ? "" : r.reason}`);
    if (r.status !== "resolved") continue;
    if (c.expect.startsWith("ZIP 12601")) {
      // the reference fell back to a representative ZIP because its gazetteer lacked the city;
      // GeoNames has Poughkeepsie, a point inside ZIP 12601 (its polygon is checked in places-fixtures)
      assert.is(r.place.name, "Poughkeepsie, NY", label);
      continue;
    }
    assert.is(r.place.id, EXPECTED_ID[c.expect], label);
  }
});

test.run();
