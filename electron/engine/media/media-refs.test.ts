// Which parameters name local media: the catalog's image fields, and fields named for images or
// frames when they hold something that looks like a file (a model added later is covered).
import { describe, expect, it } from 'vitest';
import { findModel } from '../../../shared/catalog/index';
import type { ModelEntry } from '../../../shared/catalog/types';
import { bracketField, isLocalRef, mediaRefs, replaceAt } from './media-refs';

function entry(provider: string, model: string): ModelEntry {
  const found = findModel(provider, model);
  if (!found) throw new Error(`catalog has no ${provider}/${model}`);
  return found;
}

describe('mediaRefs', () => {
  it('finds local files in declared and image-named fields, never in the prompt or numbers', () => {
    const params = {
      prompt: '/tmp/not-a-file.png',
      image_urls: ['https://example.com/a.png', 'b.png', 'data:image/png;base64,AAAA'],
      first_frame: { url: '/photos/start.jpg' },
      last_frame_url: 'file:///photos/end.png',
      image_size: '1024x1024',
      num_images: 2,
    };
    const refs = mediaRefs(entry('poyo', 'wan-2.7-image'), params);
    const local = refs.filter(isLocalRef).map((r) => [bracketField(r.at), r.ref]);
    expect(local).toEqual([
      ['image_urls[1]', 'b.png'],
      ['first_frame.url', '/photos/start.jpg'],
      ['last_frame_url', 'file:///photos/end.png'],
    ]);
  });

  it('replaces a nested value without touching the original', () => {
    const params = { a: 1, first_frame: { url: 'x.png' }, image_urls: ['p.png', 'q.png'] };
    const once = replaceAt(params, ['image_urls', 1], 'https://h/q');
    const twice = replaceAt(once, ['first_frame', 'url'], 'https://h/x');
    expect(twice).toEqual({
      a: 1,
      first_frame: { url: 'https://h/x' },
      image_urls: ['p.png', 'https://h/q'],
    });
    expect(params.image_urls).toEqual(['p.png', 'q.png']);
  });
});
