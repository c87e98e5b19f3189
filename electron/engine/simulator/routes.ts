import { apixoBalance, apixoStatus, apixoSubmit } from './apixo';
import type { Ctx } from './context';
import { errorResponse, simError } from './envelopes';
import { textResponse } from './http-io';
import type { SimResponse } from './http-io';
import { modelverseStatus, modelverseSubmit, modelverseSync } from './modelverse';
import {
  poyoBalance,
  poyoCatalog,
  poyoStatus,
  poyoSubmit,
  poyoUploadBase64,
  poyoUploadStream,
  poyoUploadUrl,
} from './poyo';
import type { SimProvider, SimRoute } from './types';

export interface RouteDef {
  method: string;
  pattern: RegExp;
  provider: SimProvider;
  route: SimRoute;
  auth: boolean;
  handler: (ctx: Ctx) => Promise<SimResponse>;
  /** Status routes: the remote task id the request asks about, and the model it names. */
  target?: (params: string[], query: Record<string, string>) => { taskId?: string; model: string };
}

/** Each protocol on its documented path (providers.md §6). */
export const ROUTES: RouteDef[] = [
  {
    method: 'POST',
    pattern: /^\/api\/generate\/submit$/,
    provider: 'poyo',
    route: 'submit',
    auth: true,
    handler: poyoSubmit,
  },
  {
    method: 'GET',
    pattern: /^\/api\/generate\/status\/([^/]+)$/,
    provider: 'poyo',
    route: 'status',
    auth: true,
    handler: poyoStatus,
    target: (params) => ({ taskId: params[0], model: '' }),
  },
  {
    method: 'POST',
    pattern: /^\/api\/common\/upload\/base64$/,
    provider: 'poyo',
    route: 'upload',
    auth: true,
    handler: poyoUploadBase64,
  },
  {
    method: 'POST',
    pattern: /^\/api\/common\/upload\/stream$/,
    provider: 'poyo',
    route: 'upload',
    auth: true,
    handler: poyoUploadStream,
  },
  {
    method: 'POST',
    pattern: /^\/api\/common\/upload\/url$/,
    provider: 'poyo',
    route: 'upload',
    auth: true,
    handler: poyoUploadUrl,
  },
  {
    method: 'GET',
    pattern: /^\/api\/user\/balance$/,
    provider: 'poyo',
    route: 'balance',
    auth: true,
    handler: poyoBalance,
  },
  // PoYo's own client sends no key to the catalog (§1.7).
  {
    method: 'GET',
    pattern: /^\/v1\/catalog\/models$/,
    provider: 'poyo',
    route: 'catalog',
    auth: false,
    handler: poyoCatalog,
  },
  {
    method: 'POST',
    pattern: /^\/api\/v1\/generateTask\/([^/]+)$/,
    provider: 'apixo',
    route: 'submit',
    auth: true,
    handler: apixoSubmit,
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/statusTask\/([^/]+)$/,
    provider: 'apixo',
    route: 'status',
    auth: true,
    handler: apixoStatus,
    target: (params, query) => ({
      taskId: query.taskId,
      model: safeDecode(params[0] ?? ''),
    }),
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/apikeys\/current-balance$/,
    provider: 'apixo',
    route: 'balance',
    auth: true,
    handler: apixoBalance,
  },
  {
    method: 'POST',
    pattern: /^\/v1\/tasks\/submit$/,
    provider: 'modelverse',
    route: 'submit',
    auth: true,
    handler: modelverseSubmit,
  },
  {
    method: 'GET',
    pattern: /^\/v1\/tasks\/status$/,
    provider: 'modelverse',
    route: 'status',
    auth: true,
    handler: modelverseStatus,
    target: (_params, query) => ({ taskId: query.task_id, model: '' }),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/images\/generations$/,
    provider: 'modelverse',
    route: 'submit',
    auth: true,
    handler: modelverseSync,
  },
];

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Which provider's envelope an unmatched path gets. */
export function guessProvider(path: string): SimProvider | null {
  if (path.startsWith('/api/v1/')) return 'apixo';
  if (path.startsWith('/api/')) return 'poyo';
  if (path.startsWith('/v1/')) return 'modelverse';
  return null;
}

export function unmatched(
  path: string,
  method: string,
  provider: SimProvider | null,
  requestId: string,
): SimResponse {
  const known = ROUTES.some((r) => r.pattern.test(path));
  const err = known
    ? simError(405, `Method ${method} is not allowed on ${path}`)
    : simError(404, `No such endpoint: ${method} ${path}`);
  return provider
    ? errorResponse(provider, err, requestId)
    : textResponse(err.status, `${err.message}\n`);
}
