// The console API: the session, and Security Hub and Organizations operations run on the
// server with the signed-in account's rights.

let session = null;

/** An error an operation answered with: the AWS error code and message. */
export class APIError extends Error {
  constructor(status, code, message, body) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

async function post(path, input, withToken = true) {
  const headers = { 'Content-Type': 'application/json' };
  if (withToken && session) headers['X-Csrf-Token'] = session.CsrfToken;
  const res = await fetch('api/' + path, {
    method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(input || {}),
  });
  return answer(res);
}

async function answer(res) {
  let body = {};
  const text = await res.text();
  if (text) {
    try { body = JSON.parse(text); } catch { body = { Message: text }; }
  }
  if (!res.ok) {
    // InvalidAccessException is a 401 too: only the console's own answer ends the session.
    if (body.Code === 'SignInRequired') session = null;
    throw new APIError(res.status, body.Code || body.__type || String(res.status), body.Message || body.message, body);
  }
  return body;
}

/** The current session, or the sign-in requirement ({AuthMode}) when there is none. */
export async function currentSession() {
  const res = await fetch('api/session', { credentials: 'same-origin' });
  try {
    session = await answer(res);
    return session;
  } catch (e) {
    if (e.status === 401) return { signedOut: true, AuthMode: e.body.AuthMode || 'open' };
    throw e;
  }
}

export function getSession() { return session; }

export async function signIn(form) {
  session = await post('session', form, false);
  return session;
}

export async function switchRegion(region) {
  session = await post('session/region', { Region: region });
  return session;
}

export async function signOut() {
  try { await post('signout', {}); } finally { session = null; }
}

/** Runs a Security Hub operation with its input document. */
export function securityhub(operation, input) { return post('securityhub/' + operation, input); }

/** Runs an AWS Organizations operation with its input document. */
export function organizations(operation, input) { return post('organizations/' + operation, input); }

/** Counts the visible findings matching filters by an attribute's values. */
export function counts(filters, attribute) {
  return post('counts', { Filters: filters, GroupByAttribute: attribute });
}

/** Every page of a paged operation, for lists that are small by nature (standards, members). */
export async function all(call, operation, input, key, limit = 2000) {
  const items = [];
  let token;
  do {
    const out = await call(operation, { ...input, ...(token ? { NextToken: token } : {}) });
    items.push(...(out[key] || []));
    token = out.NextToken;
  } while (token && items.length < limit);
  return items;
}

/** Sends findings ({Id, ProductArn}) to a custom action: one event per finding. */
export function customAction(actionTargetArn, findingIdentifiers) {
  return post('custom-action', { ActionTargetArn: actionTargetArn, FindingIdentifiers: findingIdentifiers });
}

/** The security score of each enabled standard: {StandardsArn, Passed, WithData, Score}. */
export function scores() { return post('scores', {}); }
