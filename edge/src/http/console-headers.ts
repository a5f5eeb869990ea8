// The owner's console's response headers, said once: routes/console.ts sends them on Node and
// on the Worker (which reads the files from its static assets).

/** The console itself: its own scripts and styles only, never framed. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ')

/**
 * The live preview (framed by the console only): the real widget, which styles its shadow root
 * with inline style sheets the way it does on any shop.
 */
export const PREVIEW_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "frame-ancestors 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ')

const COMMON = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
}

/** Headers for a console file, by its path under /admin/ ('' is the index). */
export function consoleHeaders(path: string): Record<string, string> {
  if (path === 'preview.html') {
    return {
      ...COMMON,
      'content-security-policy': PREVIEW_CSP,
      'x-frame-options': 'SAMEORIGIN',
      'cache-control': 'no-cache',
    }
  }
  if (path === '' || path.endsWith('.html')) {
    return {
      ...COMMON,
      'content-security-policy': CONSOLE_CSP,
      'x-frame-options': 'DENY',
      'cache-control': 'no-cache',
    }
  }
  // Vite names built files by their content: they never change.
  return {
    ...COMMON,
    'cache-control': path.startsWith('assets/')
      ? 'public, max-age=31536000, immutable'
      : 'public, max-age=300',
  }
}
