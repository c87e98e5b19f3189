import { describe, expect, it } from 'vitest';
import { NamingError } from '../../../shared/naming/template';
import { DownloadError } from './download-error';
import { failureOf, isDbError } from './delivery-failure';

const fsError = (code: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: boom`), { code });

describe('failureOf', () => {
  it('tries again what may recover: a folder, a disk, a connection, a busy host', () => {
    for (const err of [
      fsError('EACCES'),
      fsError('ENOSPC'),
      fsError('ENOTDIR'),
      new DownloadError('io_error', 'x', { cause: fsError('EIO') }),
      new DownloadError('network', 'x'),
      new DownloadError('truncated', 'x'),
      new DownloadError('http_error', 'x', { httpStatus: 503 }),
      new DownloadError('http_error', 'x', { httpStatus: 429 }),
    ]) {
      expect(failureOf(err, '/out').transient, String(err)).toBe(true);
    }
  });

  it('does not try again what no later try can change', () => {
    for (const err of [
      fsError('ENAMETOOLONG'),
      new DownloadError('io_error', 'x', { cause: fsError('ENAMETOOLONG') }),
      new DownloadError('url_expired', 'x', { httpStatus: 410 }),
      new DownloadError('http_error', 'x', { httpStatus: 400 }),
      new DownloadError('too_large', 'x'),
      new DownloadError('inline_invalid', 'x'),
      new NamingError('path_escape', 'x'),
      new Error('something else'),
    ]) {
      expect(failureOf(err, '/out').transient, String(err)).toBe(false);
    }
  });

  it('names the output folder and the reason for a folder error', () => {
    expect(failureOf(fsError('EACCES'), '/out')).toEqual({
      code: 'io_error',
      message: 'Could not save the output under /out: permission denied.',
      transient: true,
    });
  });

  it('tells database errors apart: the runner retries those itself', () => {
    expect(
      isDbError(Object.assign(new Error('busy'), { name: 'SqliteError', code: 'SQLITE_BUSY' })),
    ).toBe(true);
    expect(isDbError(fsError('EACCES'))).toBe(false);
  });
});
