// Keys must never reach logs or error text. Every key the vault decrypts or reads from the
// environment is registered here, and every logger and error path passes text through
// redact(), which also masks anything that looks like a bearer token.

const REDACTED = '[redacted]';
/** Shorter strings would mask ordinary words; real keys are far longer. */
const MIN_SECRET_LENGTH = 6;
const BEARER = /(bearer\s+)[A-Za-z0-9._~+/=-]{6,}/gi;

const secrets = new Set<string>();

export function registerSecret(secret: string | undefined | null): void {
  if (typeof secret !== 'string') return;
  const trimmed = secret.trim();
  if (trimmed.length >= MIN_SECRET_LENGTH) secrets.add(trimmed);
}

/** For tests: forget every registered secret. */
export function clearSecrets(): void {
  secrets.clear();
}

export function redact(text: string): string {
  let out = text;
  // Longest first, so a key that contains another key is masked whole.
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  for (const secret of ordered) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    // The same key percent-encoded (in a URL) or base64'd (in a basic auth header).
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join(REDACTED);
  }
  return out.replace(BEARER, `$1${REDACTED}`);
}

/** The message of anything thrown, redacted. */
export function redactError(error: unknown): string {
  if (error instanceof Error) return redact(error.message);
  if (typeof error === 'string') return redact(error);
  try {
    return redact(JSON.stringify(error) ?? String(error));
  } catch {
    return 'unknown error';
  }
}

/** A deep copy with every string redacted, for structured logs. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = /api[-_]?key|authorization|secret|token|password/i.test(key)
      ? REDACTED
      : redactValue(item, depth + 1);
  }
  return out;
}

export interface Logger {
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
}

/** A console logger that redacts everything it prints. */
export function createLogger(scope: string, sink: (line: string) => void = console.error): Logger {
  const write = (level: string, message: string, data?: unknown): void => {
    const extra = data === undefined ? '' : ` ${safeJson(redactValue(data))}`;
    sink(`[${scope}] ${level}: ${redact(message)}${extra}`);
  };
  return {
    info: (message, data) => write('info', message, data),
    warn: (message, data) => write('warn', message, data),
    error: (message, data) => write('error', message, data),
  };
}

function safeJson(value: unknown): string {
  try {
    return redact(JSON.stringify(value) ?? '');
  } catch {
    return '[unserialisable]';
  }
}
