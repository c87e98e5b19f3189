// Demo mode and live mode keep separate histories (a demo batch must never reach a paid
// provider). These words say which one is open and what the other holds, so a batch never
// drops out of view without a word.
export interface OtherHistory {
  demo: boolean;
  dir: string;
  batches: number;
  unfinished: number;
}

const modeName = (demo: boolean): string => (demo ? 'demo' : 'live');
const batchesText = (n: number): string =>
  `${n.toLocaleString('en-US')} batch${n === 1 ? '' : 'es'}`;

export function openHistoryText(info: { demo: boolean; historyDir: string }): string {
  return info.demo
    ? `The demo history is open (the built-in simulator, nothing is billed): ${info.historyDir}`
    : `The live history is open: ${info.historyDir}`;
}

export function otherHistoryText(other: OtherHistory): string {
  const name = modeName(other.demo);
  const held = `Your ${name} history holds ${batchesText(other.batches)}`;
  if (other.unfinished === 0) return `${held}.`;
  const waits = other.unfinished === 1 ? 'it waits there and goes on' : 'they wait there and go on';
  return `${held}, ${other.unfinished.toLocaleString('en-US')} not finished: ${waits} when you open the ${name} history.`;
}

export function switchLabel(toDemo: boolean): string {
  return `Open the ${modeName(toDemo)} history`;
}

/** The notice at start, or null when the other history holds nothing. */
export function historyNotice(info: {
  demo: boolean;
  otherHistory: OtherHistory | null;
}): { key: string; text: string; switchTo: boolean } | null {
  const other = info.otherHistory;
  if (other === null) return null;
  return {
    // Seen once per state: a new batch or one finishing there brings the notice back.
    key: `${other.dir}:${other.batches}:${other.unfinished}`,
    text: `Genloom opened your ${modeName(info.demo)} history. ${otherHistoryText(other)}`,
    switchTo: other.demo,
  };
}
