/**
 * Serves the built renderer (out/renderer) to the browser. The page itself needs the session
 * token in its URL; the bundled scripts and styles under it are the same for everyone and are
 * served without it. Nothing outside the renderer folder can be reached.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, posix, resolve, sep } from 'node:path';
// security.ts holds the policy and imports nothing from Electron; browser mode sends the same one.
import { CONTENT_SECURITY_POLICY } from '../../app/security';
import { tokenMatches } from './socket';

const MEDIA_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

const COMMON_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

/** The file under `root` that `pathname` names, or null when it would leave `root`. */
export function resolveInside(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const target = resolve(join(base, normalize(decoded)));
  return target === base || target.startsWith(base + sep) ? target : null;
}

/** True when `pathname` is already in its plain form: decoding and normalising change nothing. */
export function isCanonical(pathname: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  if (/%(?:2f|5c|2e|00)/i.test(pathname) || decoded.includes('\\')) return false;
  return posix.normalize(decoded) === decoded && !decoded.includes('//');
}

export function staticHandler(rendererDir: string, token: string, allowedHosts: () => string[]) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!allowedHosts().includes(req.headers.host ?? '')) return reply(res, 403, `unexpected Host ${req.headers.host ?? ''}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'only GET');
    const url = new URL(req.url ?? '/', 'http://placeholder');
    // Routing is canonical: a path is answered only in its one plain spelling, and whether it is
    // the page is decided on the file it names, so no encoding reaches the page without the token.
    if (!isCanonical(url.pathname)) return reply(res, 404, 'not found');
    const file = resolveInside(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
    if (file === null) return reply(res, 404, 'not found');
    const isPage = file === resolve(rendererDir, 'index.html');
    if (isPage && !tokenMatches(url.searchParams.get('token'), token)) {
      return reply(res, 401, 'This workbench needs its session token: open the URL that `semola serve` printed.');
    }
    try {
      const info = await stat(file);
      if (!info.isFile()) return reply(res, 404, 'not found');
      res.writeHead(200, {
        ...COMMON_HEADERS,
        'Content-Type': MEDIA_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': info.size,
      });
      if (req.method === 'HEAD') return void res.end();
      createReadStream(file).pipe(res);
    } catch {
      reply(res, 404, 'not found');
    }
  };
}
