// Files a browser hands over as File objects (a drop from the desktop, the file picker): the
// page cannot know their paths, so each is sent to the bridge, which stores it under the home
// and names the stored path. Those paths then go to the builder like scanned files. Checked
// here first by the same rules the bridge applies, so nothing hopeless is sent.
import { MAX_UPLOAD_BYTES } from '../../../shared/ipc/media-url';
import { uploadUrl } from './api';

/** One file and where it sat in what was dropped ("photos/a.png" for a dropped folder). */
export interface PickedFile {
  file: File;
  rel: string;
}

export interface UploadResult {
  /** What to hand to the builder: stored files, and the top folder of a dropped folder. */
  paths: string[];
  /** Files not stored, each with the reason in words. */
  refused: { name: string; reason: string }[];
}

/** How many files travel at once: enough to hide latency, few enough to keep memory flat. */
const PARALLEL = 3;

const IMAGE_NAME = /\.(png|jpe?g|webp|gif|bmp)$/i;

/** The refusal the page can tell without sending anything, or null. */
export function uploadProblem(file: { name: string; size: number; type: string }): string | null {
  if (file.size === 0) return 'the file is empty';
  if (file.size > MAX_UPLOAD_BYTES) {
    return `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`;
  }
  const image = file.type.startsWith('image/') || (file.type === '' && IMAGE_NAME.test(file.name));
  return image ? null : 'not an image (PNG, JPEG, WebP, GIF or BMP)';
}

interface UploadAnswer {
  ok: boolean;
  path?: string;
  top?: string;
  error?: { message?: string };
}

function newDropId(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `drop-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

async function sendOne(drop: string, item: PickedFile): Promise<UploadAnswer> {
  const url = uploadUrl(drop, item.rel);
  if (url === null) return { ok: false, error: { message: 'the desktop app reads files itself' } };
  try {
    const response = await fetch(url, { method: 'POST', body: item.file });
    const answer = (await response.json().catch(() => null)) as UploadAnswer | null;
    if (answer !== null) return answer;
    return { ok: false, error: { message: `Genloom answered ${response.status}` } };
  } catch {
    return { ok: false, error: { message: 'Genloom could not be reached' } };
  }
}

/** Sends the files to the bridge (a few at a time) and names what was stored. */
export async function uploadFiles(items: readonly PickedFile[]): Promise<UploadResult> {
  const drop = newDropId();
  const paths: string[] = [];
  const refused: UploadResult['refused'] = [];
  const queue = items.filter((item) => {
    const problem = uploadProblem(item.file);
    if (problem !== null) refused.push({ name: item.rel, reason: problem });
    return problem === null;
  });
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      const answer = await sendOne(drop, item);
      if (answer.ok && answer.top) {
        if (!paths.includes(answer.top)) paths.push(answer.top);
      } else {
        const reason = answer.error?.message ?? 'not stored';
        // The bridge's message starts with the field it is about ("file: ..."): drop it here.
        refused.push({ name: item.rel, reason: reason.replace(/^(file|name): /, '') });
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return { paths: paths.sort(), refused };
}

/** The picked files, with the folder structure a folder pick carries (webkitRelativePath). */
export function pickedFromList(list: Iterable<File>): PickedFile[] {
  return [...list].map((file) => ({ file, rel: file.webkitRelativePath || file.name }));
}

/**
 * Opens the browser's own file (or folder) chooser; resolves with what was chosen, or nothing
 * when the chooser is closed. Must be called from a click: browsers open choosers only then.
 */
export function pickBrowserFiles(options: { folder: boolean }): Promise<PickedFile[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    if (options.folder) input.webkitdirectory = true;
    else input.accept = 'image/png,image/jpeg,image/webp,image/gif,image/bmp';
    input.addEventListener('change', () => resolve(pickedFromList(input.files ?? [])), {
      once: true,
    });
    input.addEventListener('cancel', () => resolve([]), { once: true });
    input.click();
  });
}
