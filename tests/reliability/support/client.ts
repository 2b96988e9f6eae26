import type { MessageView, ThreadView } from '@suivi/contracts';

export const DEMO_PASSWORD = 'suivi-demo-2014';

export interface Answer<T = unknown> {
  /** 0 when no HTTP answer came at all (connection refused or reset). */
  status: number;
  body: T;
}

/** One HTTP call that never throws: a network failure is status 0. */
export async function call<T = unknown>(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<Answer<T>> {
  // Not AbortSignal.timeout: its timer outlives the call and holds Jest open at the end.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.timeoutMs ?? 60_000);
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      signal: abort.signal,
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON (CSV, HTML)
    }
    return { status: res.status, body: body as T };
  } catch {
    return { status: 0, body: null as T };
  } finally {
    clearTimeout(timer);
  }
}

export async function signIn(base: string, email: string): Promise<string> {
  const res = await call<{ accessToken: string }>(base, 'POST', '/api/auth/login', { body: { email, password: DEMO_PASSWORD } });
  if (res.status !== 200) {
    throw new Error(`sign-in of ${email} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return res.body.accessToken;
}

/** The public threads of the first `count` commitments (one per commitment). */
export async function publicThreads(base: string, count: number): Promise<string[]> {
  const list = await call<{ items: Array<{ id: string }> }>(base, 'GET', `/api/commitments?pageSize=${count}`);
  if (list.status !== 200) {
    throw new Error(`commitments list answered ${list.status}`);
  }
  const ids: string[] = [];
  for (const c of list.body.items) {
    const threads = await call<ThreadView[]>(base, 'GET', `/api/threads?subjectType=commitment&subjectId=${c.id}`);
    if (threads.status !== 200 || !threads.body[0]) {
      throw new Error(`threads of commitment ${c.id} answered ${threads.status}`);
    }
    ids.push(threads.body[0].id);
  }
  return ids;
}

export const postMessage = (base: string, token: string, threadId: string, body: string) =>
  call<MessageView>(base, 'POST', `/api/threads/${threadId}/messages`, { token, body: { body } });
