/**
 * Headers on everything the explorer serves. The CSP lets the page load code, styles and data only
 * from this server: scripts are files (no inline script, no eval — GraphiQL 3's bundle needs
 * neither), fonts and icons come as data: URLs inside graphiql.min.css, and requests go only to
 * this origin's /graphql. `connect-src 'self'` also admits the WebSocket to this origin's
 * /graphql/realtime (ws: for an http: page, wss: for https:): CSP 3 matches 'self' against the
 * same host and port over ws/wss, as Chromium does — the subscription browser test runs under this
 * policy and fails on any violation. No CORS headers: other sites can neither read the page nor
 * embed it.
 */

/**
 * The one inline style GraphiQL 3 writes: react-remove-scroll-bar's scroll lock, a <style> element
 * added when a menu or dialog opens (Radix). Its text holds the body's scrollbar gap and margins,
 * which explorer.css fixes at 0 (the body never scrolls), so it is constant and allowed by hash
 * instead of 'unsafe-inline'. The browser test opens the run menu and fails on any CSP violation,
 * so a GraphiQL upgrade that changes this text is caught. Were it blocked, only the scroll lock of
 * a body that cannot scroll would be lost.
 */
const SCROLL_LOCK_STYLE_HASH = "'sha256-Y/huXlwoYkVyQlxwSVcCi1RCDGDCSVBzDt0hYP9qlTc='";
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  `style-src 'self' ${SCROLL_LOCK_STYLE_HASH}`,
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  // Another origin may not even load these bytes as a script or image (no-cors reads).
  'cross-origin-resource-policy': 'same-origin',
};
