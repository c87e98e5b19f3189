// Which history is open and what the other holds (issue 10, #1): a demo batch never drops
// out of view without a word.
import { describe, expect, it } from 'vitest';
import { historyNotice, openHistoryText, otherHistoryText, switchLabel } from './history-words';

const live = { demo: false, historyDir: '/home/ann/.config/Genloom' };
const demoOther = { demo: true, dir: '/home/ann/.config/Genloom/demo', batches: 2, unfinished: 1 };

describe('history words', () => {
  it('names the history open now and its folder', () => {
    expect(openHistoryText(live)).toBe('The live history is open: /home/ann/.config/Genloom');
    expect(openHistoryText({ demo: true, historyDir: '/h/demo' })).toBe(
      'The demo history is open (the built-in simulator, nothing is billed): /h/demo',
    );
  });

  it('says what the other history holds, unfinished batches first', () => {
    expect(otherHistoryText(demoOther)).toBe(
      'Your demo history holds 2 batches, 1 not finished: it waits there and goes on when you open the demo history.',
    );
    expect(otherHistoryText({ ...demoOther, demo: false, batches: 1, unfinished: 0 })).toBe(
      'Your live history holds 1 batch.',
    );
    expect(switchLabel(true)).toBe('Open the demo history');
    expect(switchLabel(false)).toBe('Open the live history');
  });

  it('tells at start, once per state of the other history', () => {
    const notice = historyNotice({ ...live, otherHistory: demoOther });
    expect(notice).toEqual({
      key: '/home/ann/.config/Genloom/demo:2:1',
      text: 'Genloom opened your live history. Your demo history holds 2 batches, 1 not finished: it waits there and goes on when you open the demo history.',
      switchTo: true,
    });
    expect(historyNotice({ ...live, otherHistory: null })).toBeNull();
  });
});
