import { jsonResponse } from './http-io';
import type { SimResponse } from './http-io';
import type { SimProvider } from './types';

/** One request error, before it is dressed in a provider's envelope. */
export interface SimError {
  status: number;
  message: string;
  /** Modelverse `error.code`; other providers carry the status only. */
  mvCode?: string;
  retryAfterSec?: number;
}

export function simError(status: number, message: string, mvCode?: string): SimError {
  return mvCode === undefined ? { status, message } : { status, message, mvCode };
}

/**
 * PoYo `{code, error:{message, type}}` (docs §1.4). Only `invalid_request_error` is documented
 * (§5.4); the other type names are the simulator's choice, in the same OpenAI-like style, so
 * clients must key on the HTTP status, as PoYo's own client does.
 */
const POYO_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'insufficient_balance_error',
  403: 'permission_error',
  404: 'not_found_error',
  405: 'invalid_request_error',
  413: 'invalid_request_error',
  429: 'rate_limit_error',
};

/** APIXO `{code, message, data:{error}}` (docs §2.4); `code` mirrors the HTTP status. */
const APIXO_MESSAGES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Unauthorized',
  402: 'Insufficient balance',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  413: 'Invalid request',
  429: 'Too many requests',
  500: 'Server error',
  502: 'Third-party model service error',
  503: 'Service unavailable',
  504: 'Third-party model timeout',
};

/** Modelverse `{error:{message,type,param,code}}`, types and codes from the table in §3.6. */
const MV_TYPES: Record<number, [string, string]> = {
  400: ['invalid_request_error', 'param_error'],
  401: ['invalid_request_error', 'auth_error'],
  403: ['permission_error', 'forbidden'],
  404: ['invalid_request_error', 'not_found'],
  405: ['invalid_request_error', 'param_error'],
  408: ['timeout', 'timeout'],
  413: ['invalid_request_error', 'param_error'],
  429: ['rate_limit_error', 'rate_limit'],
  500: ['internal_error', 'internal_error'],
  502: ['internal_error', 'model_server_error'],
  503: ['internal_error', 'internal_error'],
  504: ['timeout', 'gateway_timeout_error'],
};

export function errorResponse(
  provider: SimProvider,
  err: SimError,
  requestId: string,
): SimResponse {
  const headers: Record<string, string> = {};
  if (err.retryAfterSec !== undefined) headers['retry-after'] = String(err.retryAfterSec);
  switch (provider) {
    case 'poyo':
      return jsonResponse(
        err.status,
        {
          code: err.status,
          error: { message: err.message, type: POYO_TYPES[err.status] ?? 'server_error' },
        },
        headers,
      );
    case 'apixo':
      return jsonResponse(
        err.status,
        {
          code: err.status,
          message: APIXO_MESSAGES[err.status] ?? 'Error',
          data: { error: err.message },
        },
        headers,
      );
    case 'modelverse': {
      const [type, code] = MV_TYPES[err.status] ?? ['internal_error', 'internal_error'];
      // `param` carries the request id: that is what the Modelverse error page documents.
      return jsonResponse(
        err.status,
        { error: { message: err.message, type, param: requestId, code: err.mvCode ?? code } },
        headers,
      );
    }
  }
}

/** The generic message of an injected or random 5xx/429 fault. */
export function faultError(status: number): SimError {
  const messages: Record<number, string> = {
    401: 'Invalid API key (simulated fault: the key was revoked)',
    429: 'Rate limit reached (simulated fault)',
    500: 'Internal server error (simulated fault)',
    502: 'Bad gateway (simulated fault)',
    503: 'Service unavailable (simulated fault)',
    504: 'Gateway timeout (simulated fault)',
  };
  const err: SimError = { status, message: messages[status] ?? `HTTP ${status} (simulated fault)` };
  if (status === 429 || status === 503) err.retryAfterSec = 1;
  return err;
}

/**
 * What each provider answers for a task id it does not know: PoYo and APIXO 404 (§1.4,
 * §2.4); Modelverse's error table has no 404, so a 400 param_error. The status handlers and
 * the `notFound` fault share it, so a "not visible yet" task looks exactly like an unknown one.
 */
export function taskNotFound(
  provider: SimProvider,
  taskId: string,
  model: string,
  requestId: string,
): SimResponse {
  switch (provider) {
    case 'poyo':
      return errorResponse(provider, simError(404, `Task not found: ${taskId}`), requestId);
    case 'apixo':
      return errorResponse(
        provider,
        simError(404, `Task not found: ${taskId} for model ${model}`),
        requestId,
      );
    case 'modelverse':
      return errorResponse(
        provider,
        simError(400, `task_id ${taskId} not found`, 'param_error'),
        requestId,
      );
  }
}
