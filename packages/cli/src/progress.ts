import type { OutputStream } from "./command.ts";

/** Reports a fraction in [0, 1] of the current step done. */
export type ReportFraction = (fraction: number) => void;

/**
 * Progress of long work, step by step. Commands wrap each phase in `step`; how it is shown
 * depends on where stderr goes (see createProgress), so commands never check for a terminal.
 */
export interface Progress {
  step<T>(name: string, work: (report: ReportFraction) => Promise<T> | T): Promise<T>;
}

export interface ProgressOptions {
  quiet?: boolean;
  /** Milliseconds from an arbitrary origin; injectable so tests need no real clock. */
  now?: () => number;
}

/** Minimum time between two redraws of the bar: about 10 frames a second at most. */
export const REDRAW_INTERVAL_MS = 100;

/**
 * Silent with `quiet`; a redrawn bar on a terminal; otherwise one JSON line per step start and
 * end on `stream`, which logs and CI can parse:
 * {"step":"read data.csv","status":"start"} then {"step":...,"status":"done","elapsed_ms":812}
 * (status "failed" when the step throws).
 */
export function createProgress(stream: OutputStream, options: ProgressOptions = {}): Progress {
  const now = options.now ?? (() => performance.now());
  if (options.quiet === true) return silentProgress;
  if (stream.isTTY === true) return new TerminalProgress(stream, now);
  return new JsonLinesProgress(stream, now);
}

export const silentProgress: Progress = {
  async step(_name, work) {
    return work(() => {});
  },
};

class JsonLinesProgress implements Progress {
  constructor(
    private readonly stream: OutputStream,
    private readonly now: () => number,
  ) {}

  async step<T>(name: string, work: (report: ReportFraction) => Promise<T> | T): Promise<T> {
    const start = this.now();
    this.stream.write(JSON.stringify({ step: name, status: "start" }) + "\n");
    let status = "failed";
    try {
      const result = await work(() => {});
      status = "done";
      return result;
    } finally {
      const elapsed = Math.round(this.now() - start);
      this.stream.write(JSON.stringify({ step: name, status, elapsed_ms: elapsed }) + "\n");
    }
  }
}

class TerminalProgress implements Progress {
  constructor(
    private readonly stream: OutputStream,
    private readonly now: () => number,
  ) {}

  async step<T>(name: string, work: (report: ReportFraction) => Promise<T> | T): Promise<T> {
    const start = this.now();
    let lastDraw = -Infinity;
    let fraction: number | undefined;
    const draw = (): void => {
      lastDraw = this.now();
      this.stream.write("\r\x1b[2K" + renderBar(name, fraction, lastDraw - start, terminalWidth(this.stream)));
    };
    draw();
    let mark = "✗";
    try {
      const result = await work((f) => {
        fraction = Math.min(1, Math.max(0, f));
        if (this.now() - lastDraw >= REDRAW_INTERVAL_MS) draw();
      });
      mark = "✓";
      return result;
    } finally {
      this.stream.write(`\r\x1b[2K${mark} ${name} (${formatDuration(this.now() - start)})\n`);
    }
  }
}

/** Some terminals (and pseudo-terminals without a size) report 0 columns. */
function terminalWidth(stream: OutputStream): number {
  return stream.columns !== undefined && stream.columns >= 20 ? stream.columns : 80;
}

/** One line: step name, a bar and percentage when the fraction is known, elapsed time. */
export function renderBar(name: string, fraction: number | undefined, elapsedMs: number, width: number): string {
  const elapsed = formatDuration(elapsedMs);
  if (fraction === undefined) return fit(`${name} … ${elapsed}`, width);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const barWidth = Math.max(10, Math.min(30, width - name.length - percent.length - elapsed.length - 6));
  const filled = Math.round(fraction * barWidth);
  const bar = "█".repeat(filled) + "░".repeat(barWidth - filled);
  return fit(`${name} ${bar} ${percent} ${elapsed}`, width);
}

/** Keeps the line shorter than the terminal, so that "\r" redraws in place instead of wrapping. */
function fit(line: string, width: number): string {
  return line.length < width ? line : line.slice(0, Math.max(1, width - 2)) + "…";
}

/** "0.4 s", "12 s", "2 min 05 s". */
export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, "0")} s`;
}
