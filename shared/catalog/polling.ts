// Polling guidance per provider, from the documents cited beside each value.
import type { ModelEntry, PollingHint } from './types';

/** PoYo: "images every 5 s; video every 10 s" (poyo-examples shared/README.md). */
export const POYO_IMAGE_POLLING: PollingHint = { firstPollMs: 5000, intervalMs: 5000 };
export const POYO_VIDEO_POLLING: PollingHint = { firstPollMs: 10000, intervalMs: 10000 };

/**
 * APIXO wan-2-7-image (seed 003, "Latency and polling"): text-only first poll 10 s, then every
 * 5-10 s; image input 10-15 s, then 5-10 s; sequential 15 s, then 8-12 s. We take the middle of
 * each range: a slower poll costs a few seconds, a faster one risks the 429s the page warns of.
 */
export const APIXO_TEXT_POLLING: PollingHint = { firstPollMs: 10000, intervalMs: 7500 };
export const APIXO_EDIT_POLLING: PollingHint = { firstPollMs: 12500, intervalMs: 7500 };
export const APIXO_SEQUENTIAL_POLLING: PollingHint = { firstPollMs: 15000, intervalMs: 10000 };

/** Modelverse documents no interval; providers.md suggests 3-10 s, we poll every 5 s. */
export const MODELVERSE_POLLING: PollingHint = { firstPollMs: 5000, intervalMs: 5000 };

/** The polling hint for one request: the request-specific one when the entry has it. */
export function pollingFor(entry: ModelEntry, input: Record<string, unknown>): PollingHint {
  return entry.pollingFor ? entry.pollingFor(input) : entry.polling;
}
