// The REST API as the console uses it: JSON in and out, the bearer of the signed-in session, errors
// as ApiError carrying the problem's errorCode (docs/openapi.yaml).

import { session } from './session.js';

/** A REST call that failed: HTTP status, the problem's errorCode and detail, Retry-After in seconds. */
export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    const code = problem && problem.errorCode;
    const detail = (problem && (problem.detail || problem.title)) || 'HTTP ' + status;
    super(code ? code + ': ' + detail : detail);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

const unauthorizedListeners = [];

/** fn runs when a signed-in call answers 401: the session has ended (expired or revoked). */
export function onUnauthorized(fn) {
  unauthorizedListeners.push(fn);
}

/**
 * method path [body] → the parsed JSON answer, the text for non-JSON answers, or null for 204.
 * options.token overrides the session's bearer; options.raw returns {status, headers, body}.
 */
export async function api(method, path, body, options = {}) {
  const headers = { Accept: 'application/json, application/problem+json, text/plain' };
  const token = options.token !== undefined ? options.token : session.current()?.token;
  if (token) headers.Authorization = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, { errorCode: 'NETWORK', detail: 'the server cannot be reached (' + e.message + ')' });
  }
  const type = response.headers.get('Content-Type') || '';
  const text = await response.text();
  const parsed = type.includes('json') && text ? safeJson(text) : text;
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('Retry-After')) || undefined;
    const error = new ApiError(response.status, typeof parsed === 'object' ? parsed : null, retryAfter);
    if (response.status === 401 && token && options.token === undefined) {
      unauthorizedListeners.forEach((fn) => fn(error));
    }
    throw error;
  }
  if (options.raw) return { status: response.status, headers: response.headers, body: parsed };
  return response.status === 204 ? null : parsed;
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** encodeURIComponent for one path segment. */
export const seg = encodeURIComponent;
