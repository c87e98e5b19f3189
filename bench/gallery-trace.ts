// The gallery bench's scroll: drives it in the page, traces it, and reads per frame both the
// rAF delta and the main-thread cost from the Chromium trace.
//
// requestAnimationFrame deltas are quantised to vsync (16.7 ms at 60 Hz): a frame whose work
// took 2 ms and one that took 15 ms both read 16.7 ms, so they show dropped frames but no
// headroom. The trace shows the work itself. How a frame's work is computed:
//   1. The renderer main thread is the thread that recorded the scroll's user-timing marks
//      (SCROLL_START_MARK / SCROLL_END_MARK, set from inside the scrolling rAF loop).
//   2. Its top-level tasks are the `ThreadControllerImpl::RunTask` complete events ('toplevel'
//      category) that do not sit inside another task (nested run loops would double count).
//   3. Each `BeginMainThreadFrame` instant (a BeginMainFrame: rAF callbacks, style, layout,
//      paint, commit) opens a frame at the start of the task that holds it. A frame's work is
//      the summed wall-clock duration of every top-level task that starts in it before the
//      next frame opens: the frame's own rendering plus whatever else the main thread did for
//      it in between (React work scheduled outside rAF, IPC and fetch replies, image
//      callbacks). Idle time is not counted. Wall time, not thread CPU time, because a task
//      descheduled by a busy raster thread still delays the frame.
//   4. Frames run from the one holding the start mark up to the one holding the end mark; the
//      interval between two frame starts counts once, so N rAF ticks give N - 1 frames, the
//      same count as the rAF deltas.
// Checked by injecting a 30 ms busy loop into every 10th rAF callback: exactly those 60 of 599
// frames read 30 ms or more (34-38 ms), the others were unchanged (p95 8.5 ms).
// The categories are kept to the few that carry these events: tracing overhead lands in the
// task durations, and the full devtools set made the trace ~100 MB for a 10 s scroll.

import type { Browser, Page } from 'playwright-core';

export const TRACE_CATEGORIES = [
  'toplevel',
  'disabled-by-default-devtools.timeline.frame',
  'blink.user_timing',
];
export const SCROLL_START_MARK = 'genloom-gallery-scroll-start';
export const SCROLL_END_MARK = 'genloom-gallery-scroll-end';

/**
 * Scrolls the grid a fixed step per frame and records every frame's rAF delta. The user-timing
 * marks bound the frames that frameWorkFromTrace reads from the trace.
 */
const SCROLL_SCRIPT = `(frames, step) => new Promise((resolve) => {
  const grid = document.querySelector('[data-testid="gallery"]');
  const deltas = [];
  let last = performance.now();
  let frame = 0;
  const tick = (time) => {
    if (frame === 0) performance.mark('${SCROLL_START_MARK}');
    deltas.push(time - last);
    last = time;
    grid.scrollTop += step;
    frame += 1;
    if (frame < frames) requestAnimationFrame(tick);
    else {
      performance.mark('${SCROLL_END_MARK}');
      resolve({ deltas: deltas.slice(1), distance: grid.scrollTop });
    }
  };
  requestAnimationFrame(tick);
})`;

interface ScrollResult {
  deltas: number[];
  distance: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
}

export interface FrameWork {
  /** Main-thread work per frame, ms, in frame order. */
  frames: number[];
  /** Wall time from the first frame's start to the last frame's start, ms. */
  spanMs: number;
  /** Sum of all counted task time, ms. */
  busyMs: number;
}

export interface DroppedFrames {
  dropped: number;
  total: number;
  medianMs: number;
}

export interface ScrollFigures extends ScrollResult {
  work: FrameWork;
  dropped: DroppedFrames;
}

export function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

/** A frame is dropped when its rAF delta exceeds 1.5 x the median (a missed vsync or more). */
export function droppedFrames(deltas: readonly number[]): DroppedFrames {
  const sorted = [...deltas].sort((a, b) => a - b);
  const medianMs = percentile(sorted, 50);
  const dropped = deltas.filter((delta) => delta > 1.5 * medianMs).length;
  return { dropped, total: deltas.length, medianMs };
}

function isTraceEvent(value: unknown): value is TraceEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  return (
    typeof event.name === 'string' &&
    typeof event.ph === 'string' &&
    typeof event.pid === 'number' &&
    typeof event.tid === 'number' &&
    typeof event.ts === 'number'
  );
}

function readEvents(trace: Buffer | string): TraceEvent[] {
  const parsed: unknown = JSON.parse(trace.toString());
  const list =
    typeof parsed === 'object' && parsed !== null && 'traceEvents' in parsed
      ? (parsed as { traceEvents: unknown }).traceEvents
      : parsed;
  if (!Array.isArray(list)) throw new Error('trace: traceEvents must be an array of events');
  return list.filter(isTraceEvent);
}

function findMark(events: readonly TraceEvent[], name: string): TraceEvent {
  const mark = events.find((event) => event.name === name);
  if (mark === undefined) {
    throw new Error(`trace: user-timing mark ${name} is missing (category blink.user_timing)`);
  }
  return mark;
}

/** Start time of the last task that starts at or before `ts` (tasks sorted by start). */
function taskStartAt(tasks: readonly TraceEvent[], ts: number): number {
  let low = 0;
  let high = tasks.length - 1;
  let found = ts;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const task = tasks[mid] as TraceEvent;
    if (task.ts <= ts) {
      found = task.ts;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** Main-thread work per frame between the scroll marks; see the header for the method. */
export function frameWorkFromTrace(trace: Buffer | string): FrameWork {
  const events = readEvents(trace);
  const start = findMark(events, SCROLL_START_MARK);
  const end = findMark(events, SCROLL_END_MARK);
  const onMain = events.filter((event) => event.pid === start.pid && event.tid === start.tid);

  const tasks: TraceEvent[] = [];
  let lastEnd = -Infinity;
  const runTasks = onMain
    .filter((event) => event.name === 'ThreadControllerImpl::RunTask' && event.ph === 'X')
    .sort((a, b) => a.ts - b.ts);
  for (const task of runTasks) {
    if (task.ts < lastEnd) continue; // nested inside the previous top-level task
    tasks.push(task);
    lastEnd = task.ts + (task.dur ?? 0);
  }
  if (tasks.length === 0) throw new Error('trace: no RunTask events on the main thread');

  const firstFrame = taskStartAt(tasks, start.ts);
  const lastFrame = taskStartAt(tasks, end.ts);
  const starts = [
    ...new Set(
      onMain
        .filter((event) => event.name === 'BeginMainThreadFrame')
        .map((event) => taskStartAt(tasks, event.ts))
        .filter((ts) => ts >= firstFrame && ts <= lastFrame),
    ),
  ].sort((a, b) => a - b);
  if (starts.length < 2) throw new Error('trace: fewer than two BeginMainThreadFrame events');

  const frames: number[] = [];
  let index = tasks.findIndex((task) => task.ts >= (starts[0] as number));
  let busy = 0;
  for (let f = 0; f + 1 < starts.length; f++) {
    const next = starts[f + 1] as number;
    let work = 0;
    while (index < tasks.length && (tasks[index] as TraceEvent).ts < next) {
      work += (tasks[index] as TraceEvent).dur ?? 0;
      index += 1;
    }
    frames.push(work / 1000);
    busy += work;
  }
  const spanMs = ((starts[starts.length - 1] as number) - (starts[0] as number)) / 1000;
  return { frames, spanMs, busyMs: busy / 1000 };
}

/** Scrolls `frames` rAF ticks of `step` px each while Chromium traces the page. */
export async function measureScroll(
  browser: Browser,
  page: Page,
  frames: number,
  step: number,
): Promise<ScrollFigures> {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  let scroll: ScrollResult;
  try {
    scroll = (await page.evaluate(`(${SCROLL_SCRIPT})(${frames}, ${step})`)) as ScrollResult;
  } catch (error) {
    await browser.stopTracing(); // a browser traces one page at a time; free it before failing
    throw error;
  }
  const trace = await browser.stopTracing();
  return { ...scroll, work: frameWorkFromTrace(trace), dropped: droppedFrames(scroll.deltas) };
}

/** p50/p95/p99/max of a list of milliseconds, on one line. */
function spread(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): string => ms(percentile(sorted, p));
  return `p50 ${at(50)}  p95 ${at(95)}  p99 ${at(99)}  max ${at(100)}`;
}

export function scrollReport(figures: ScrollFigures): string[] {
  const { work, dropped } = figures;
  return [
    `scroll: ${figures.deltas.length} frames over ${Math.round(figures.distance).toLocaleString('en-US')} px`,
    `frame interval (rAF delta)    ${spread(figures.deltas)}`,
    `dropped frames ${dropped.dropped} of ${dropped.total} (rAF delta > 1.5 x median ${ms(dropped.medianMs)})`,
    `frame work (main thread)      ${spread(work.frames)} (target < 16.7 ms)`,
    `main thread busy ${ms(work.busyMs)} of ${ms(work.spanMs)} over ${work.frames.length} frames`,
  ];
}
