// The part of pbf 3 (Mapbox's protocol-buffer reader) the city table uses; pbf ships no types.
declare module "pbf" {
  class Pbf {
    constructor(buf: Uint8Array);
    pos: number;
    length: number;
    readFields<T>(fn: (tag: number, result: T, pbf: Pbf) => void, result: T, end?: number): T;
    readMessage<T>(fn: (tag: number, result: T, pbf: Pbf) => void, result: T): T;
    readVarint(): number;
    readSVarint(): number;
    readString(): string;
    skip(val: number): void;
  }
  export default Pbf;
}
