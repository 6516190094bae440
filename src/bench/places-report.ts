// The places lines of `registry bench`, from places-child.ts's figures.
const kb = (b: number) => `${(b / 1000).toFixed(1)} KB`;
const s = (msec: number) => `${(msec / 1000).toFixed(2)} s`;
const met = (ok: boolean) => (ok ? "met" : "MISSED");

export function placesReport(p: any, warm: { seconds: number }): string {
  const g = p.gazetteer;
  const parts = Object.entries(g.parts as Record<string, { ms: number; heapMb: number; rssMb: number }>)
    .map(([name, x]) => `${name} ${x.ms.toFixed(0)} ms, +${x.heapMb.toFixed(1)} MB heap`)
    .join("; ");
  const st = p.stages as Record<string, number>;
  const added = st.resolve + st.geojson + st.tiles + st.index + st.write;
  const tile = (name: string, t: any) =>
    `  ${name}: ${t.count} tiles, ${(t.bytes / 1e6).toFixed(1)} MB in all, ${kb(t.bytes / Math.max(1, t.count))} on average; largest ${t.largest.path} ${kb(t.largest.bytes)} (${kb(t.largest.gzipped)} gzipped, ${t.largest.entries} libraries)`;
  return [
    `\nplaces (${p.libraries} libraries, ${p.distinctAreas} distinct service/focus area values, ${p.unresolvedNames} names unresolved):`,
    `  gazetteer: code ${g.importMs.toFixed(0)} ms; ${parts}; in all +${g.totalHeapMb.toFixed(1)} MB heap, +${g.totalRssMb.toFixed(1)} MB RSS (each part loads on first use only)`,
    `  build time added: ${s(added)} (resolve ${s(st.resolve)}, GeoJSON ${s(st.geojson)}, tiles ${s(st.tiles)}, places/index.json ${s(st.index)}, writing ${p.files} files of ${(p.writtenBytes / 1e6).toFixed(1)} MB ${s(st.write)}); the warm build with it took ${warm.seconds.toFixed(2)} s (≤ 10 s: ${met(warm.seconds <= 10)})`,
    tile("nearby", p.tiles.production),
    tile("nearby-qa", p.tiles.qa),
    `  nearby lookup in Node over ${p.lookups.points} points near the libraries: a tile read and parsed from disk median ${p.lookups.tile.medianMs.toFixed(2)} ms, p95 ${p.lookups.tile.p95Ms.toFixed(2)} ms (median ≤ 5 ms: ${met(p.lookups.tile.medianMs <= 5)}); ` +
      `the exact ranking (registry serve's _location) median ${p.lookups.exact.medianMs.toFixed(2)} ms, p95 ${p.lookups.exact.p95Ms.toFixed(2)} ms, ${p.lookups.exact.meanHits.toFixed(1)} libraries per answer (index built in ${p.lookups.exact.indexMs.toFixed(0)} ms)`,
  ].join("\n");
}
