// The reference's `_location=LAT,LON` query value: two decimal numbers, latitude first.
export interface Location {
  lat: number;
  lon: number;
}

const NUMBER = /^\s*([+-]?(?:\d{1,3}(?:\.\d{1,15})?|\.\d{1,15}))\s*$/;

/** The location, or why the value is not one (for a problem detail). */
export function parseLocation(value: string): Location | string {
  if (value.length > 100) return "_location is too long; send LAT,LON such as 40.65,-73.95";
  const parts = value.split(",");
  if (parts.length !== 2) return `_location must be LAT,LON (two numbers separated by a comma), got "${value}"`;
  const [a, b] = parts.map((x) => NUMBER.exec(x));
  if (!a || !b) return `_location must be two decimal numbers, LAT,LON, got "${value}"`;
  const lat = Number(a[1]);
  const lon = Number(b[1]);
  if (lat < -90 || lat > 90) return `the latitude in _location must be between -90 and 90, got ${lat}`;
  if (lon < -180 || lon > 180) return `the longitude in _location must be between -180 and 180, got ${lon}`;
  return { lat, lon };
}
