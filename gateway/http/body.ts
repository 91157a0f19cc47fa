import type { IncomingMessage } from 'node:http';

/** Thrown when a request body exceeds its limit; the server answers 413. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Thrown when the client closes the connection before its body has arrived. */
export class ClientAbortedError extends Error {
  constructor() {
    super('the client closed the connection before sending the whole body');
    this.name = 'ClientAbortedError';
  }
}

/**
 * Reads a request body, refusing more than `limit` bytes. A declared
 * `Content-Length` over the limit is refused before reading; a streamed body is
 * refused as soon as it crosses the limit (the rest is discarded, and the
 * server closes the connection after answering).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.reject(new BodyTooLargeError(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (chunk: Buffer): void => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.off('data', onData);
        req.resume();
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.once('error', () => {
      if (!done) reject(new ClientAbortedError());
    });
    // A client that disconnects mid-body may end the request with 'close' alone.
    req.once('close', () => {
      if (!done && !req.complete) reject(new ClientAbortedError());
    });
  });
}

/** The request's media type (RFC 9110 §8.3.1), lowercased, without parameters. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Media type of HTML form posts and OAuth requests (RFC 6749 Appendix B). */
export const FORM_TYPE = 'application/x-www-form-urlencoded';

/** Reads an `application/x-www-form-urlencoded` body as URLSearchParams. */
export async function readForm(req: IncomingMessage, limit: number): Promise<URLSearchParams> {
  const body = await readBody(req, limit);
  return new URLSearchParams(body.toString('utf8'));
}
