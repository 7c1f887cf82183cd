// csrf: finds the page's CSRF token, without any configuration, for the components' requests that change state
// (upload POST, commit POST, cancel DELETE). Looked up in this order, on every request (tokens rotate at login):
//   1. the XSRF-TOKEN cookie (Spring Security's CookieCsrfTokenRepository / csrf.spa(), Angular, Laravel),
//      sent back as header X-XSRF-TOKEN;
//   2. <meta name="_csrf" content="..."> with the header named by <meta name="_csrf_header"> (Spring Security's
//      documented meta tags; default header X-CSRF-TOKEN);
//   3. <meta name="csrf-token" content="..."> (Laravel, Rails), sent as header X-CSRF-TOKEN.
// Only for requests to the page's own origin: a token is never sent to another site.

/** The value of the cookie `name` of this page, or null. */
function cookie(name) {
  const prefix = `${name}=`;
  for (const part of (document.cookie || '').split(';')) {
    const item = part.trim();
    if (item.startsWith(prefix)) {
      const value = item.slice(prefix.length);
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return null;
}

/** The content of `<meta name="name">`, or null when missing or empty. */
function meta(name) {
  const content = document.querySelector(`meta[name="${name}"]`)?.getAttribute('content');
  return content ? content : null;
}

/** True when `url` (absolute or relative to the page) points at the page's own origin. */
export function sameOrigin(url) {
  try {
    return new URL(url, window.location.href).origin === window.location.origin;
  } catch {
    return false;
  }
}

/**
 * The header carrying the page's CSRF token for a state-changing request to `url`, as `{ name: value }`; `{}` when
 * the page has no token or `url` is on another origin.
 */
export function csrfHeaders(url) {
  if (!sameOrigin(url)) return {};
  const fromCookie = cookie('XSRF-TOKEN');
  if (fromCookie) return { 'X-XSRF-TOKEN': fromCookie };
  const spring = meta('_csrf');
  if (spring) return { [meta('_csrf_header') || 'X-CSRF-TOKEN']: spring };
  const laravel = meta('csrf-token');
  if (laravel) return { 'X-CSRF-TOKEN': laravel };
  return {};
}
