// The files of the download benches and what the runner passes to saveOutput for each.
import sharp from 'sharp';
import type { SaveOutputOptions } from '../electron/engine/downloads/save-output';

/** A 1024px card like the simulator's images: a gradient and a line of text, PNG level 6. */
export async function drawPng(side: number, i: number): Promise<Buffer> {
  const hue = (i * 47) % 360;
  const font = Math.round(side / 16);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}">` +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">` +
    `<stop offset="0" stop-color="hsl(${hue},65%,45%)"/>` +
    `<stop offset="1" stop-color="hsl(${(hue + 140) % 360},65%,25%)"/></linearGradient></defs>` +
    `<rect width="100%" height="100%" fill="url(#g)"/><g font-family="sans-serif" fill="#fff">` +
    `<text x="${font}" y="${font * 2}" font-size="${font}">bench image ${i + 1}</text></g></svg>`;
  return sharp(Buffer.from(svg)).png({ compressionLevel: 6 }).toBuffer();
}

export function benchVars(i: number): SaveOutputOptions['vars'] {
  return {
    batch: 'bench',
    input: null,
    index: i + 1,
    model: 'm',
    date: 0,
    provider: 'poyo',
    task: `t${i}`,
  };
}

export function benchSidecar(i: number): SaveOutputOptions['sidecar'] {
  return {
    provider: 'poyo',
    model: 'wan-2.7-image',
    remoteTaskId: `r-${i}`,
    taskId: `t${i}`,
    batchId: 'b1',
    batchName: 'bench',
    prompt: `bench image ${i + 1}`,
    seed: i,
    params: { prompt: `bench image ${i + 1}`, size: '1:1' },
    inputs: [],
    cost: { estimated: 5, actual: 5, currency: 'credits' },
    times: { createdAt: 1, submittedAt: 2, finishedAt: 3 },
  };
}
