// How much creating a file costs where the bench runs: a cold build of 10,000 libraries creates
// about 100,000. On this project's virtual machine (ext4 without a journal) a 2 KB file cost
// 25–30 µs in a quiet moment and 400–800 µs within a few minutes after many files were deleted
// (a previous run's work folder, a test run, a build's old dist/); about five minutes later, with
// nothing deleted meanwhile, it was back at 30 µs in the same folders. The bench prints it before
// each timed part so that its figures can be read and compared.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface FileCreationCost {
  /** microseconds to create and write one 2 KB file, the median of three rounds */
  createUs: number;
  /** microseconds to overwrite one */
  overwriteUs: number;
}

/**
 * Measures in a new subfolder of `parent` each time and deletes nothing: deleting files is what
 * makes later creations slow, and the part measured next creates its files beside these. The
 * files (about 600 KB each time) go with the work folder.
 */
export function probeFileCreation(parent: string, files = 300, rounds = 3): FileCreationCost {
  const dir = join(parent, ".fs-probe", `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`);
  const data = Buffer.alloc(2048, 0x61);
  const creates: number[] = [];
  const overwrites: number[] = [];
  const per = Math.ceil(files / rounds);
  mkdirSync(dir, { recursive: true });
  for (let round = 0; round < rounds; round++) {
    const names = Array.from({ length: per }, (_, i) => join(dir, `r${round}-${i}.json`));
    let t = performance.now();
    for (const name of names) writeFileSync(name, data);
    creates.push(((performance.now() - t) * 1000) / per);
    t = performance.now();
    for (const name of names) writeFileSync(name, data);
    overwrites.push(((performance.now() - t) * 1000) / per);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  return { createUs: median(creates), overwriteUs: median(overwrites) };
}

export const describeFileCost = (c: FileCreationCost) => `creating a 2 KB file costs ${c.createUs.toFixed(0)} µs, overwriting one ${c.overwriteUs.toFixed(0)} µs`;
