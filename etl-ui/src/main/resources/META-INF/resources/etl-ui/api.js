// api: every HTTP call the components make to the sse-etl routes, in one place. Reads are plain GETs for JSON;
// the state-changing calls (upload, commit, discard) carry the page's CSRF header (csrf.js). The upload uses
// XMLHttpRequest because fetch cannot report upload progress. Progress streams are EventSource (SseProgressBar).
import { csrfHeaders } from './csrf.js';

const JSON_ONLY = { Accept: 'application/json' };

/** GET `url` asking for JSON; resolves to the Response (the caller checks `ok`). */
export function getJson(url) {
  return fetch(url, { headers: JSON_ONLY, credentials: 'same-origin' });
}

/** GET schemas: every schema with its columns. */
export function schemas(api) {
  return getJson(`${api}/schemas`);
}

/** GET preview/{id}?page=&size=&filter=: a page of staged rows. */
export function preview(api, importId, { page, size, filter }) {
  const query = new URLSearchParams({ page: String(page), size: String(size), filter });
  return getJson(`${api}/preview/${encodeURIComponent(importId)}?${query}`);
}

/** GET status/{id}: the import's JSON snapshot. */
export function status(api, importId) {
  return getJson(`${api}/status/${encodeURIComponent(importId)}`);
}

/**
 * POST commit/{id}?mode=: starts the commit. The mode (`valid_rows` or `all_or_nothing`) and the optional
 * chunk size travel as query parameters, the one form the servlet reads; the request has no body.
 */
export function commit(api, importId, { mode, chunkSize } = {}) {
  const query = new URLSearchParams();
  if (mode) query.set('mode', mode);
  if (chunkSize) query.set('chunk_size', String(chunkSize));
  const url = `${api}/commit/${encodeURIComponent(importId)}${String(query) ? '?' + query : ''}`;
  return fetch(url, { method: 'POST', headers: { ...JSON_ONLY, ...csrfHeaders(url) }, credentials: 'same-origin' });
}

/** DELETE imports/{id}: cancels and discards; survives the page being closed (keepalive); never rejects. */
export function discard(api, importId) {
  const url = `${api}/imports/${encodeURIComponent(importId)}`;
  return fetch(url, { method: 'DELETE', headers: csrfHeaders(url), credentials: 'same-origin', keepalive: true })
    .catch(() => null);
}

/**
 * POSTs `form` (FormData) to `url` with XMLHttpRequest, reporting progress as a percentage. Callbacks:
 * `progress(percent)`, `load({ status, text })`, `error()`, `abort()`. Returns the request, whose `abort()` stops it.
 */
export function upload(url, form, { progress, load, error, abort }) {
  const xhr = new XMLHttpRequest();
  xhr.open('POST', url);
  xhr.setRequestHeader('Accept', 'application/json');
  for (const [name, value] of Object.entries(csrfHeaders(url))) xhr.setRequestHeader(name, value);
  xhr.upload.onprogress = (e) => {
    if (e.lengthComputable && e.total > 0) progress(Math.min(100, Math.floor((e.loaded * 100) / e.total)));
  };
  xhr.onload = () => load({ status: xhr.status, text: xhr.responseText });
  xhr.onerror = () => error();
  xhr.onabort = () => abort();
  xhr.send(form);
  return xhr;
}

/** The server's message in a JSON error body (`{"error":{"message":...}}` or `{"message":...}`), or null. */
export function errorMessage(text) {
  try {
    const body = JSON.parse(text);
    return body?.error?.message || (typeof body?.message === 'string' ? body.message : null);
  } catch {
    return null;
  }
}
