// What each measured bench process reports: wall and CPU seconds of the measured part, and the
// process's peak RSS (each measurement runs in its own process, so the peak is its own).

export interface ChildFigures {
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
}

export const childFigures = {
  start() {
    return { t: performance.now(), cpu: process.cpuUsage() };
  },
  stop(started: { t: number; cpu: NodeJS.CpuUsage }): ChildFigures {
    const cpu = process.cpuUsage(started.cpu);
    return { seconds: (performance.now() - started.t) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  },
};
