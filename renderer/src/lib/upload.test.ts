// What the page refuses before sending a dropped or picked file to the bridge, by the rules
// the bridge applies; and the folder structure a folder pick keeps.
import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../../../shared/ipc/media-url';
import { pickedFromList, uploadProblem } from './upload';

describe('uploadProblem', () => {
  it('takes images by type, or by name when the browser gives no type', () => {
    expect(uploadProblem({ name: 'a.png', size: 10, type: 'image/png' })).toBeNull();
    expect(uploadProblem({ name: 'a.JPG', size: 10, type: '' })).toBeNull();
  });

  it('refuses empty, too large and non-image files in words', () => {
    expect(uploadProblem({ name: 'a.png', size: 0, type: 'image/png' })).toBe('the file is empty');
    expect(uploadProblem({ name: 'a.png', size: MAX_UPLOAD_BYTES + 1, type: 'image/png' })).toBe(
      'the file is larger than 50 MB',
    );
    expect(uploadProblem({ name: 'notes.txt', size: 5, type: 'text/plain' })).toBe(
      'not an image (PNG, JPEG, WebP, GIF or BMP)',
    );
  });
});

describe('pickedFromList', () => {
  it('keeps a picked folder’s structure, else the file name', () => {
    const plain = new File(['x'], 'a.png', { type: 'image/png' });
    const nested = new File(['x'], 'b.png', { type: 'image/png' });
    Object.defineProperty(nested, 'webkitRelativePath', { value: 'shoot/day1/b.png' });
    expect(pickedFromList([plain, nested]).map((p) => p.rel)).toEqual([
      'a.png',
      'shoot/day1/b.png',
    ]);
  });
});
