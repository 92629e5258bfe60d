/**
 * Security settings for the desktop window, kept free of 'electron' imports so they can be
 * unit-tested under plain Node. The renderer is treated as untrusted: it gets no Node, runs
 * sandboxed in an isolated world, may not navigate away, and loads nothing from elsewhere.
 */

/** Directives of the Content-Security-Policy, in the order they are written. */
export const CSP_DIRECTIVES: Readonly<Record<string, string>> = Object.freeze({
  'default-src': "'self'",
  'script-src': "'self'",
  // Vue transitions and ECharts set inline style attributes.
  'style-src': "'self' 'unsafe-inline'",
  // data: for exported chart images shown in the page.
  'img-src': "'self' data:",
  'connect-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'frame-ancestors': "'none'",
});

function serialise(directives: Readonly<Record<string, string>>): string {
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

/** The policy sent as a response header for every page the app loads. */
export const CONTENT_SECURITY_POLICY: string = serialise(CSP_DIRECTIVES);

/**
 * The same policy for the <meta> tag in src-renderer/index.html, which covers file:// loads
 * (no response headers there). Browsers ignore frame-ancestors in a meta tag and warn about it,
 * so it is left out.
 */
export const META_CONTENT_SECURITY_POLICY: string = serialise(
  Object.fromEntries(Object.entries(CSP_DIRECTIVES).filter(([name]) => name !== 'frame-ancestors')),
);

/** Response headers as Electron's webRequest passes them. */
export type ResponseHeaders = Record<string, string[] | string>;

/**
 * Returns the headers with our policy as the only Content-Security-Policy. Any variant of the
 * header already present (header names are case-insensitive) is replaced, so the result does
 * not depend on what a server sent.
 */
export function withContentSecurityPolicy(headers: ResponseHeaders | undefined): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    result[name] = Array.isArray(value) ? value : [value];
  }
  result['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return result;
}

/** The subset of Electron's WebPreferences this module decides. */
export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  spellcheck: false;
}

/**
 * WebPreferences for every window: the renderer reaches the main process only through what
 * the preload exposes on window.semola.
 */
export function secureWebPreferences(preloadPath: string): SecureWebPreferences {
  if (preloadPath.length === 0) {
    throw new Error('secureWebPreferences: the preload path is empty; pass the built preload file.');
  }
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    // A file dropped on the window must not replace the app with that file.
    navigateOnDragDrop: false,
    // The spellchecker downloads dictionaries from the network.
    spellcheck: false,
  };
}

/**
 * Permissions a page may be granted when it asks. Copying results (LaTeX, JSON) to the
 * clipboard is the only one the workbench needs; camera, location, notifications, etc. are refused.
 */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission);
}

function parseUrl(url: unknown): URL | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * True only for an absolute http(s) URL with a host and no embedded credentials: the only
 * links handed to the system browser. Everything else (file:, javascript:, custom schemes that
 * may launch other programs) is refused.
 */
export function isSafeExternalUrl(url: unknown): boolean {
  const parsed = parseUrl(url);
  if (parsed === undefined) return false;
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  if (parsed.hostname.length === 0) return false;
  // user:pass@host URLs are a known way to disguise where a link goes.
  if (parsed.username.length > 0 || parsed.password.length > 0) return false;
  return true;
}

/**
 * True when `target` is the app's own page (`appUrl`, ignoring query and fragment): the only
 * navigation the window allows. For a dev server (http) any path on the same origin counts; for
 * file:// only the exact entry file, so the page can never be pointed at another local file.
 */
export function isAppNavigation(target: unknown, appUrl: string): boolean {
  const to = parseUrl(target);
  const app = parseUrl(appUrl);
  if (to === undefined || app === undefined) return false;
  if (app.protocol === 'file:') {
    return to.protocol === 'file:' && to.host === app.host && to.pathname === app.pathname;
  }
  if (app.protocol === 'http:' || app.protocol === 'https:') {
    return to.origin === app.origin;
  }
  return false;
}
