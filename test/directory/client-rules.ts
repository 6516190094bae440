// The rules no schema checks but the deployed apps enforce (feeds.md §6, "Entry checklist"):
// each returns the broken rules as readable lines, empty when an app would accept the document.
const AUTH_V1 = "application/vnd.opds.authentication.v1.0+json";
const INSTANT_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const URN_UUID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function nulls(value: unknown, path: string, out: string[]) {
  if (value === null) out.push(`${path} is null`);
  else if (Array.isArray(value)) value.forEach((v, i) => nulls(v, `${path}[${i}]`, out));
  else if (typeof value === "object") for (const [k, v] of Object.entries(value as object)) nulls(v, `${path}.${k}`, out);
}

function linkRules(links: any[], where: string, out: string[]) {
  links.forEach((l, i) => {
    if (typeof l.href !== "string") out.push(`${where}[${i}] has no href`);
    for (const k of ["rel", "type", "title"]) if (k in l && typeof l[k] !== "string") out.push(`${where}[${i}].${k} is not a string`);
    if ("templated" in l && typeof l.templated !== "boolean") out.push(`${where}[${i}].templated is not a boolean`);
  });
}

export function entryProblems(entry: any): string[] {
  const out: string[] = [];
  nulls(entry, "entry", out);
  const m = entry?.metadata ?? {};
  if (typeof m.id !== "string" || !URN_UUID.test(m.id)) out.push(`metadata.id '${m.id}' is not urn:uuid`);
  if (typeof m.title !== "string") out.push("metadata.title is not a string");
  if (!INSTANT_Z.test(m.updated ?? "")) out.push(`metadata.updated '${m.updated}' is not an instant ending in Z`);
  if (m.modified !== m.updated) out.push("metadata.modified differs from updated");
  if ("description" in m && typeof m.description !== "string") out.push("metadata.description is not a string");
  const links: any[] = Array.isArray(entry?.links) ? entry.links : [];
  if (!Array.isArray(entry?.links)) out.push("links is not an array");
  linkRules(links, "links", out);
  if (!links.some((l) => l.rel === "http://opds-spec.org/catalog")) out.push("no catalog link");
  const auth = links.filter((l) => l.type === AUTH_V1);
  if (auth.length !== 1 || auth[0].rel !== "http://opds-spec.org/auth/document") out.push("no single auth document link with the v1.0 type and rel");
  for (const l of links) if (l.rel === "alternate" && l.type !== "text/html") out.push("alternate link is not text/html");
  if ("images" in entry) {
    linkRules(entry.images, "images", out);
    for (const img of entry.images) {
      if (img.rel !== "http://opds-spec.org/image/thumbnail" || img.type !== "image/png") out.push("image is not a PNG thumbnail");
      if (/^data:/.test(img.href) && !/^data:image\/png[;,]/.test(img.href)) out.push("image labelled PNG holds another type");
    }
  }
  return out;
}

export function feedProblems(feed: any): string[] {
  const out: string[] = [];
  nulls(feed, "feed", out);
  if (typeof feed?.metadata?.title !== "string") out.push("metadata.title is not a string");
  if ("adobe_vendor_id" in (feed?.metadata ?? {}) && typeof feed.metadata.adobe_vendor_id !== "string") out.push("adobe_vendor_id is not a string");
  if (!Array.isArray(feed?.links)) out.push("links is not an array");
  else {
    linkRules(feed.links, "links", out);
    if (!feed.links.some((l: any) => l.rel === "self")) out.push("no self link");
  }
  if (!Array.isArray(feed?.catalogs)) out.push("catalogs is not an array");
  else feed.catalogs.forEach((e: any, i: number) => out.push(...entryProblems(e).map((p) => `catalogs[${i}]: ${p}`)));
  return out;
}
