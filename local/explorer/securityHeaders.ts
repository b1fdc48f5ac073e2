/**
 * Headers on everything the explorer serves. The CSP lets the page load code, styles and data only
 * from this server: scripts are files (no inline script, no eval — GraphiQL 3's bundle needs
 * neither), fonts and icons come as data: URLs inside graphiql.min.css, and requests go only to
 * this origin's /graphql. No CORS headers: other sites can neither read the page nor embed it.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
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
  'cross-origin-opener-policy': 'same-origin',
  // Another origin may not even load these bytes as a script or image (no-cors reads).
  'cross-origin-resource-policy': 'same-origin',
};
