import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  META_CONTENT_SECURITY_POLICY,
  isAppNavigation,
  isPermissionAllowed,
  isSafeExternalUrl,
  secureWebPreferences,
  withContentSecurityPolicy,
} from '../../src-main/app/security';

const repoRoot = resolve(import.meta.dirname, '../..');

/** 'a b; c d' -> { a: 'b', c: 'd' }, so tests compare directives, not spacing. */
function parsePolicy(policy: string): Record<string, string> {
  const directives: Record<string, string> = {};
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name === undefined || name.length === 0) continue;
    directives[name] = values.join(' ');
  }
  return directives;
}

describe('secureWebPreferences', () => {
  const prefs = secureWebPreferences('/app/out/preload/index.js');

  it('isolates and sandboxes the renderer and gives it no Node', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and risky features off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
  });

  it('uses the preload it is given', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.js');
  });

  it('refuses an empty preload path', () => {
    expect(() => secureWebPreferences('')).toThrow(/preload path is empty/);
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  it('has exactly the agreed directives', () => {
    expect(parsePolicy(CONTENT_SECURITY_POLICY)).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data:",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
    });
  });

  it('never allows inline or evaluated scripts', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
    expect(parsePolicy(CONTENT_SECURITY_POLICY)['script-src']).toBe("'self'");
  });

  it('matches the meta tag in src-renderer/index.html', () => {
    const html = readFileSync(resolve(repoRoot, 'src-renderer/index.html'), 'utf8');
    const match = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
    expect(match, 'index.html must carry a Content-Security-Policy meta tag').not.toBeNull();
    const metaPolicy = parsePolicy(match?.[1] ?? '');
    expect(metaPolicy).toEqual(parsePolicy(META_CONTENT_SECURITY_POLICY));
    // The meta form is the header minus frame-ancestors, which browsers ignore in meta tags.
    const { ['frame-ancestors']: frameAncestors, ...headerWithoutFrameAncestors } = parsePolicy(CONTENT_SECURITY_POLICY);
    expect(frameAncestors).toBe("'none'");
    expect(metaPolicy).toEqual(headerWithoutFrameAncestors);
  });
});

describe('withContentSecurityPolicy', () => {
  it('adds the policy and keeps the other headers', () => {
    const headers = withContentSecurityPolicy({ 'Content-Type': ['text/html'], 'X-Single': 'one' });
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers['Content-Type']).toEqual(['text/html']);
    expect(headers['X-Single']).toEqual(['one']);
  });

  it('replaces a policy sent in any letter case', () => {
    const headers = withContentSecurityPolicy({ 'content-security-policy': ["default-src *"] });
    expect(Object.keys(headers).filter((name) => name.toLowerCase() === 'content-security-policy')).toEqual([
      'Content-Security-Policy',
    ]);
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('works without response headers', () => {
    expect(withContentSecurityPolicy(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('isSafeExternalUrl', () => {
  it.each(['https://arxiv.org/abs/2401.00001', 'http://example.org/', 'https://github.com/x/y?tab=readme#top'])(
    'accepts %s',
    (url) => {
      expect(isSafeExternalUrl(url)).toBe(true);
    },
  );

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'ftp://example.org/file',
    'smb://attacker/share',
    'vscode://file/etc/passwd',
    'mailto:someone@example.org',
    'https://user:secret@example.org/',
    'https://example.org@evil.example/',
    '//example.org/no-scheme',
    'example.org',
    '',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });

  it('refuses values that are not strings', () => {
    expect(isSafeExternalUrl(undefined)).toBe(false);
    expect(isSafeExternalUrl(null)).toBe(false);
    expect(isSafeExternalUrl({ href: 'https://example.org' })).toBe(false);
  });
});

describe('isAppNavigation', () => {
  const appFile = 'file:///opt/semola/resources/app/out/renderer/index.html';

  it('allows the app page itself, with a query or fragment', () => {
    expect(isAppNavigation(appFile, appFile)).toBe(true);
    expect(isAppNavigation(`${appFile}#/runs/3`, appFile)).toBe(true);
    expect(isAppNavigation(`${appFile}?view=runs`, appFile)).toBe(true);
  });

  it('refuses other local files and other sites', () => {
    expect(isAppNavigation('file:///etc/passwd', appFile)).toBe(false);
    expect(isAppNavigation('file:///opt/semola/resources/app/out/renderer/other.html', appFile)).toBe(false);
    expect(isAppNavigation('https://example.org/', appFile)).toBe(false);
    expect(isAppNavigation('not a url', appFile)).toBe(false);
  });

  it('allows the same origin only when served by a dev server', () => {
    const dev = 'http://localhost:5173/';
    expect(isAppNavigation('http://localhost:5173/runs', dev)).toBe(true);
    expect(isAppNavigation('http://localhost:5174/', dev)).toBe(false);
    expect(isAppNavigation('https://localhost:5173/', dev)).toBe(false);
    expect(isAppNavigation('http://evil.example/', dev)).toBe(false);
  });
});

describe('isPermissionAllowed', () => {
  it('allows writing to the clipboard only', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write')).toBe(true);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'unknown']) {
      expect(isPermissionAllowed(permission)).toBe(false);
    }
  });
});
