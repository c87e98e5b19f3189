import { describe, expect, it } from 'vitest';
import { findModel } from '../../../../shared/catalog/index';
import { plainWords } from './plain-words';

describe('plain words instead of API names', () => {
  it('writes APIXO field keys as the labels on the form', () => {
    const entry = findModel('apixo', 'wan-2-7-image');
    expect(entry).toBeDefined();
    expect(plainWords(entry, '$0.03 per image (omni-image), x num_images')).toBe(
      '$0.03 per image (omni-image), × images per request',
    );
    expect(plainWords(entry, '1-4; up to 12 with enable_sequential on.')).toBe(
      '1-4; up to 12 with sequential image set on.',
    );
  });

  it('a one-letter key is replaced only where it is a multiplier', () => {
    const entry = findModel('poyo', 'wan-2.7-image');
    expect(plainWords(entry, '4.2 credits per image, x n')).toBe(
      '4.2 credits per image, × images per request',
    );
    expect(plainWords(entry, 'an image in the sun')).toBe('an image in the sun');
  });
});
