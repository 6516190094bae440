/// <reference lib="dom" />
// The web page's script (bundled by the build into assets/directory.js): search as you type from
// the build's search index (and, for a query naming a ZIP code, town, county or state, the table of
// the libraries serving each place), and "near me" from the static nearby tiles. Without it, the page is
// the full list, page by page and by letter. Every string shown comes from libraries' documents:
// it is set as text, never as HTML.
import { LibrarySearch } from "../../directory/search/library-search.ts";
import type { DescriptionIndexFile, SearchIndexFile } from "../../directory/search/index-format.ts";
import type { PlaceShard, PlaceTables } from "../../directory/search/place-tables.ts";

interface Shown {
  name: string;
  page: string;
  area?: string;
  testing?: boolean;
}

interface NearbyFeed {
  catalogs: { metadata: { id: string; title: string; "schema:areaServed"?: string } }[];
}

const RESULTS_PER_GROUP = 20;
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;

function start(form: HTMLFormElement) {
  const input = form.querySelector<HTMLInputElement>("input[type=search]")!;
  const near = byId<HTMLButtonElement>("near-me");
  const status = byId<HTMLElement>("status")!;
  const results = byId<HTMLOListElement>("results")!;
  const browse = byId<HTMLElement>("browse")!;
  const { index, descriptions, places, nearby, pages } = form.dataset as Record<string, string>;
  const qa = form.dataset.qa === "true";
  form.hidden = false;
  if (near && "geolocation" in navigator) near.hidden = false;

  const getJson = async <T>(url: string): Promise<T> => {
    const r = await fetch(url);
    if (!r.ok) throw new Error(`${url} answered ${r.status}`);
    return r.json() as Promise<T>;
  };
  /** Fetches once; a failure is forgotten, so a later keystroke tries again. */
  const once = (get: () => Promise<void>) => {
    let p: Promise<void> | null = null;
    return () =>
      (p ??= get().catch((err) => {
        p = null;
        throw err;
      }));
  };
  // The names index first; the places table and the descriptions (most of the text) only when a
  // query needs them. Each one loaded upgrades the one search every keystroke uses.
  let current: LibrarySearch | null = null;
  const load = once(async () => {
    current = LibrarySearch.fromFile(await getJson<SearchIndexFile>(index));
  });
  // the places table without its states, then the shard of each state a query needs (a missing
  // shard file: nothing in that state is served)
  const loadPlaces = once(async () => {
    const [tables] = await Promise.all([getJson<PlaceTables>(`${places}index.json`), load()]);
    current = current!.withPlaces(tables);
  });
  const shards = new Map<string, () => Promise<void>>();
  const loadShard = (state: string) => {
    let get = shards.get(state);
    if (!get) {
      get = once(async () => {
        const r = await fetch(`${places}${state}.json`);
        if (!r.ok && r.status !== 404) throw new Error(`${state}.json answered ${r.status}`);
        current!.addPlaceShard(state, r.ok ? ((await r.json()) as PlaceShard) : { counties: [], points: [] });
      });
      shards.set(state, get);
    }
    return get();
  };
  const loadDescriptions = once(async () => {
    const [file] = await Promise.all([getJson<DescriptionIndexFile>(descriptions), load()]);
    current = current!.withDescriptions(file);
  });

  const pageOf = (uuid: string) => `${pages}${uuid}.html`;

  function show(items: Shown[], message: string) {
    results.replaceChildren(
      ...items.map((item) => {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = item.page;
        a.textContent = item.name;
        li.append(a);
        if (item.testing) {
          const mark = document.createElement("span");
          mark.className = "testing";
          mark.textContent = "in testing";
          li.append(" ", mark);
        }
        if (item.area) {
          const area = document.createElement("span");
          area.className = "area";
          area.textContent = item.area;
          li.append(" ", area);
        }
        return li;
      }),
    );
    results.hidden = items.length === 0;
    browse.hidden = true;
    status.textContent = message;
  }

  function reset() {
    results.replaceChildren();
    results.hidden = true;
    browse.hidden = false;
    status.textContent = "";
  }

  let asked = 0;
  async function find(q: string) {
    const mine = ++asked;
    if (!q.trim()) return reset();
    try {
      status.textContent = "Searching…";
      await load();
    } catch {
      if (mine === asked) status.textContent = "Search is not available right now: browse the list by letter below.";
      return;
    }
    if (LibrarySearch.wantsPlaces(q)) {
      try {
        await loadPlaces();
        // state keys come from the table: two letters, safe in a path
        await Promise.all(current!.placeShardsFor(q).filter((s) => /^[a-z]{2}$/.test(s)).map(loadShard));
      } catch {
        /* libraries naming the place only */
      }
    }
    if (mine !== asked) return; // a later keystroke won
    let hits = current!.search(q, { qa, perBucket: RESULTS_PER_GROUP });
    // a word or two typed, not a first letter: only then is a description worth its download
    if (hits.length === 0 && q.trim().length >= 4) {
      try {
        await loadDescriptions();
      } catch {
        /* names and places only */
      }
      if (mine !== asked) return;
      hits = current!.search(q, { qa, perBucket: RESULTS_PER_GROUP });
    }
    const n = hits.length;
    show(
      hits.map((h) => ({ name: h.name, page: pageOf(h.uuid), area: h.area, testing: qa && !h.production })),
      n === 0 ? `No library found for “${q.trim()}”. Try its town, ZIP code or another spelling.` : `${n} ${n === 1 ? "library" : "libraries"} found for “${q.trim()}”.`,
    );
  }

  input.addEventListener("focus", () => void load().catch(() => undefined), { once: true });
  input.addEventListener("input", () => void find(input.value));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void find(input.value);
  });

  near?.addEventListener("click", () => {
    asked++;
    status.textContent = "Finding where you are…";
    navigator.geolocation.getCurrentPosition(
      async (pos) => {
        const lat = Math.floor(pos.coords.latitude);
        const lon = Math.floor(pos.coords.longitude);
        try {
          const r = await fetch(`${nearby}/${lat}/${lon}.json`);
          // a tile holding no library is absent: that is an empty answer, not an error
          const feed: NearbyFeed = r.status === 404 ? { catalogs: [] } : r.ok ? await r.json() : Promise.reject(new Error(String(r.status)));
          const production = qa && current ? new Set(current.all(false).map((row) => row.uuid)) : null;
          const items = feed.catalogs.map((c) => {
            const uuid = c.metadata.id.replace(/^urn:uuid:/, "");
            return { name: c.metadata.title, page: pageOf(uuid), area: c.metadata["schema:areaServed"], testing: production ? !production.has(uuid) : false };
          });
          input.value = "";
          show(items, items.length ? `${items.length} ${items.length === 1 ? "library" : "libraries"} near you, nearest first.` : "No library found near you. Search by name or place instead.");
        } catch {
          status.textContent = "Libraries near you could not be loaded: search by name or place instead.";
        }
      },
      () => {
        status.textContent = "Your location is not available. Search by name, town or ZIP code instead.";
      },
      { timeout: 15000, maximumAge: 600000 },
    );
  });

  const q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    void find(q);
  }
}

const form = byId<HTMLFormElement>("find");
if (form) start(form);
