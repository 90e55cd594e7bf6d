// Vercel's platform error responses (runtime-spec.md §4, note 8.4): the status, the `x-vercel-error` header and the
// plain-text page `<status>: <NAME>\nCode: <CODE>`, shared by the page and the runtimes.
import type { RunEvent } from './protocol';
import type { ErrorPage } from './shared/next-error-page';

const STATUS_NAMES: Record<number, [statusText: string, name: string]> = {
  404: ['Not Found', 'NOT_FOUND'],
  413: ['Payload Too Large', 'PAYLOAD_TOO_LARGE'],
  431: ['Request Header Fields Too Large', 'REQUEST_HEADER_FIELDS_TOO_LARGE'],
  500: ['Internal Server Error', 'INTERNAL_SERVER_ERROR'],
  502: ['Bad Gateway', 'BAD_GATEWAY'],
  504: ['Gateway Timeout', 'GATEWAY_TIMEOUT'],
};

/** The same shape as Next's own error pages: each stack answers with a whole page. */
export type PlatformError = ErrorPage;

export function platformError(status: number, code: string): PlatformError {
  const [statusText, name] = STATUS_NAMES[status] ?? ['Error', 'ERROR'];
  return {
    status,
    statusText,
    headers: [
      ['content-type', 'text/plain; charset=utf-8'],
      ['x-vercel-error', code],
    ],
    body: `${status}: ${name}\nCode: ${code}\n`,
  };
}

/** The events of a platform error answered before anything else was sent: head, the page, the error (no `end`). */
export function platformErrorEvents(status: number, code: string, message: string, t: number, stack?: string): RunEvent[] {
  const page = platformError(status, code);
  return [
    { type: 'head', status, statusText: page.statusText, headers: page.headers, t },
    { type: 'chunk', bytes: new TextEncoder().encode(page.body), t },
    { type: 'error', code, message, t, ...(stack ? { stack } : {}) },
  ];
}

/**
 * A run that fails partway: the platform's error page while nothing was sent yet; once the head is out, the response
 * cannot change, so only the error (no `end`).
 */
export function failedRunEvents(headSent: boolean, status: number, code: string, message: string, t: number): RunEvent[] {
  return headSent ? [{ type: 'error', code, message, t }] : platformErrorEvents(status, code, message, t);
}
