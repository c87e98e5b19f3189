import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { authenticate } from './context';
import type { Ctx } from './context';
import { handleControl } from './control';
import type { ControlTarget } from './control';
import { errorResponse, faultError, simError, taskNotFound } from './envelopes';
import { faultStatus } from './faults';
import { FILES_PREFIX, fileRecord, serveFile } from './files';
import {
  BodyTooLargeError,
  forLog,
  parseBody,
  readBody,
  summariseParts,
  textResponse,
} from './http-io';
import type { ParsedBody, SimResponse } from './http-io';
import { ROUTES, guessProvider, unmatched } from './routes';
import type { SimState } from './state';
import type { ActiveFault, RecordedRequest, SimProvider, SimRoute } from './types';

function send(res: ServerResponse, r: SimResponse, head: boolean): void {
  if (res.destroyed) return;
  res.writeHead(r.status, { ...r.headers, 'content-length': String(r.body.length) });
  res.end(head ? undefined : r.body);
}

export function createSimServer(state: SimState, control: ControlTarget): Server {
  const server = createServer((req, res) => {
    handle(state, control, req, res).catch((e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      send(res, textResponse(500, `simulator internal error: ${message}\n`), false);
    });
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

async function handle(
  state: SimState,
  control: ControlTarget,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  const query = Object.fromEntries(url.searchParams);
  let body: ParsedBody;
  try {
    body = parseBody(req.headers['content-type'], await readBody(req));
  } catch (e) {
    if (!(e instanceof BodyTooLargeError)) throw e;
    const provider = guessProvider(path) ?? 'poyo';
    send(res, errorResponse(provider, simError(413, `body too large: ${e.message}`), ''), false);
    return;
  }
  if (path.startsWith('/__sim/')) {
    send(res, handleControl(control, method, path, query, body), false);
    return;
  }

  const isFile = path.startsWith(FILES_PREFIX) && (method === 'GET' || method === 'HEAD');
  const file = isFile ? fileRecord(state, path) : undefined;
  const match = isFile
    ? undefined
    : ROUTES.find((r) => r.method === method && r.pattern.test(path));
  const provider = isFile ? (file?.provider ?? null) : (match?.provider ?? guessProvider(path));
  const route: SimRoute = isFile ? 'download' : (match?.route ?? 'unknown');
  const rec = state.record({
    provider,
    route,
    method,
    path,
    query,
    headers: req.headers,
    body:
      body.kind === 'json'
        ? forLog(body.value)
        : body.kind === 'multipart'
          ? summariseParts(body.parts)
          : undefined,
  });
  const requestId = `req_sim_${String(rec.seq).padStart(8, '0')}`;

  // A status request's task, counted before any fault so `firstPolls` sees every attempt.
  const target = match?.target?.((match.pattern.exec(path) ?? []).slice(1), query);
  let priorPolls: number | undefined;
  if (target?.taskId !== undefined) {
    rec.taskId = target.taskId;
    priorPolls = state.statusRequests.get(target.taskId) ?? 0;
    state.statusRequests.set(target.taskId, priorPolls + 1);
  }
  let fault: ActiveFault | null = state.faults.take({
    provider,
    route,
    taskId: target?.taskId,
    priorPolls,
  });
  if (!fault && (route === 'submit' || route === 'status') && state.opts.errorRate > 0) {
    if (state.rng.faults.next() < state.opts.errorRate) fault = randomFault(provider, route);
  }
  if (fault?.kind === 'notFound' && match) {
    state.counters.faultsFired += 1;
    rec.fault = fault.kind;
    const answer = taskNotFound(
      match.provider,
      target?.taskId ?? '',
      target?.model ?? '',
      requestId,
    );
    rec.status = answer.status;
    send(res, answer, method === 'HEAD');
    return;
  }
  if (fault && fault.phase === 'before') {
    applyFault(state, rec, res, fault, null, provider);
    return;
  }

  let answer: SimResponse;
  if (isFile) answer = await serveFile(state, file);
  else if (!match) answer = unmatched(path, method, provider, requestId);
  else {
    const ctx: Ctx = {
      state,
      provider: match.provider,
      req,
      method,
      path,
      params: (match.pattern.exec(path) ?? []).slice(1),
      query,
      headers: req.headers,
      body,
      requestId,
      apiKey: '',
      record: rec,
    };
    const auth = match.auth
      ? authenticate(state, match.provider, req.headers.authorization)
      : { key: '' };
    if ('error' in auth) answer = errorResponse(match.provider, auth.error, requestId);
    else answer = await match.handler({ ...ctx, apiKey: auth.key });
  }
  if (fault) {
    applyFault(state, rec, res, fault, answer, provider);
    return;
  }
  rec.status = answer.status;
  if (answer.status === 429) state.counters.rateLimited += 1;
  send(res, answer, method === 'HEAD');
}

/** The errorRate option's random 503, shaped as a one-shot fault. */
function randomFault(provider: SimProvider | null, route: SimRoute): ActiveFault {
  return {
    id: 0,
    provider,
    route: route === 'submit' ? 'submit' : 'status',
    kind: 'http503',
    times: 1,
    phase: 'before',
    firstPolls: null,
    taskId: null,
    value: null,
    raw: false,
    fired: 1,
  };
}

function applyFault(
  state: SimState,
  rec: RecordedRequest,
  res: ServerResponse,
  fault: ActiveFault,
  answer: SimResponse | null,
  provider: SimProvider | null,
): void {
  state.counters.faultsFired += 1;
  rec.fault = fault.kind;
  const status = faultStatus(fault.kind);
  if (status !== null) {
    rec.status = status;
    if (status === 429) state.counters.rateLimited += 1;
    const err = faultError(status);
    const r =
      provider && rec.route !== 'download'
        ? errorResponse(provider, err, `req_sim_${rec.seq}`)
        : textResponse(status, `${err.message}\n`);
    if (err.retryAfterSec !== undefined) r.headers['retry-after'] = String(err.retryAfterSec);
    send(res, r, rec.method === 'HEAD');
    return;
  }
  if (fault.kind === 'drop') {
    res.socket?.destroy();
    return;
  }
  if (fault.kind === 'hang') return; // never answered; close() ends the connection
  // truncate: the real headers with the full Content-Length, half the body, then a cut.
  const r = answer ?? textResponse(200, 'truncated\n');
  rec.status = r.status;
  res.writeHead(r.status, { ...r.headers, 'content-length': String(r.body.length) });
  res.flushHeaders();
  res.write(r.body.subarray(0, Math.floor(r.body.length / 2)), () => res.socket?.destroy());
}
