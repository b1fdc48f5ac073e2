/**
 * Replays one entry of answers.json against an API (AppSync or the local runtime) and says whether
 * the answer is the one recorded. HTTP: status and JSON body, exactly. Real-time: each expected
 * message, exactly, in order (`ka` messages skipped). Frames a step sends together leave in one
 * socket write, as one TCP segment, so "sent before connection_ack" does not depend on timing.
 */
import { isDeepStrictEqual } from 'node:util';
import WebSocket, * as wsModule from 'ws';
import { apiKeyAuthorization } from '../realtimeSubscriber.js';
import type { Answer, HttpRequest, RealtimeRequest, RealtimeStep } from './answers.js';

export interface ReplayTarget {
  graphqlUrl: string;
  realtimeUrl: string;
  apiKey: string;
}

export interface ReplayResult {
  ok: boolean;
  /** What came back (HTTP: `{status, body}`; real-time: the messages received, `ka` left out). */
  got: unknown;
  /** Why not, in one line. */
  detail?: string;
}

const TIMEOUT_MS = 15_000;

const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
};

export function replay(answer: Answer, target: ReplayTarget): Promise<ReplayResult> {
  return answer.kind === 'http' ? replayHttp(answer.request, answer.expected, target) : replayRealtime(answer.request, target);
}

async function replayHttp(request: HttpRequest, expected: { status: number; body: unknown }, target: ReplayTarget): Promise<ReplayResult> {
  const headers: Record<string, string> = {};
  if ((request.auth ?? 'apiKey') === 'apiKey') headers['x-api-key'] = target.apiKey;
  let url = target.graphqlUrl;
  let body: string | undefined;
  if (request.method === 'GET') {
    const u = new URL(target.graphqlUrl);
    for (const [name, value] of Object.entries(request.params ?? {})) u.searchParams.set(name, value);
    url = u.toString();
  } else {
    headers['content-type'] = 'application/json';
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? {});
  }
  const res = await fetch(url, { method: request.method, headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // Kept as text: it then differs from any JSON expected.
  }
  const got = { status: res.status, body: json };
  const ok = res.status === expected.status && isDeepStrictEqual(json, expected.body);
  return ok ? { ok, got } : { ok, got, detail: `expected ${show(expected)}, got ${show(got)}` };
}

/** `{{n}}` → the repetition's number; the string "$authorization" → the auth headers object. */
function instantiate(value: unknown, n: number, auth: Record<string, string>): unknown {
  if (value === '$authorization') return auth;
  if (typeof value === 'string') return value.replaceAll('{{n}}', String(n));
  if (Array.isArray(value)) return value.map((v) => instantiate(v, n, auth));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, instantiate(v, n, auth)]));
  }
  return value;
}

/** ws's frame encoder (exported by ws at run time; @types/ws does not declare it). */
const { Sender } = wsModule as unknown as {
  Sender: { frame(data: Buffer, options: { fin: boolean; mask: boolean; opcode: number; readOnly: boolean; rsv1: boolean }): Buffer[] };
};

/** Several frames in one socket write (client frames are masked). */
function sendTogether(ws: WebSocket, messages: unknown[]): void {
  const frames = messages.flatMap((m) =>
    Sender.frame(Buffer.from(JSON.stringify(m)), { fin: true, mask: true, opcode: 1, readOnly: false, rsv1: false }),
  );
  (ws as unknown as { _socket: { write(data: Buffer): void } })._socket.write(Buffer.concat(frames.map((f) => Buffer.from(f))));
}

async function replayRealtime(request: RealtimeRequest, target: ReplayTarget): Promise<ReplayResult> {
  const auth = apiKeyAuthorization(target.graphqlUrl, target.apiKey);
  const header = `header-${Buffer.from(JSON.stringify(auth)).toString('base64url')}`;
  const protocols = request.subprotocols === 'header-only' ? [header] : ['graphql-ws', header];
  const ws = new WebSocket(target.realtimeUrl, protocols);
  const received: unknown[] = [];
  const waiting: (() => void)[] = [];
  let closed = false;
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type?: string };
    if (message.type === 'ka') return;
    received.push(message);
    for (const wake of waiting.splice(0)) wake();
  });
  ws.on('close', () => {
    closed = true;
    for (const wake of waiting.splice(0)) wake();
  });
  const nextMessage = async (within: number): Promise<unknown> => {
    const deadline = Date.now() + within;
    while (received.length === 0 && !closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        waiting.push(() => (clearTimeout(timer), resolve()));
      });
    }
    return received.shift();
  };
  const got: unknown[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    for (const step of request.steps) {
      const failure = await runStep(step, ws, auth, nextMessage, got);
      if (failure) return { ok: false, got, detail: failure };
    }
    return { ok: true, got };
  } finally {
    ws.terminate();
  }
}

async function runStep(
  step: RealtimeStep,
  ws: WebSocket,
  auth: Record<string, string>,
  nextMessage: (within: number) => Promise<unknown>,
  got: unknown[],
): Promise<string | undefined> {
  if ('expectNothingFor' in step) {
    const message = await nextMessage(step.expectNothingFor);
    if (message === undefined) return undefined;
    got.push(message);
    return `expected no message for ${step.expectNothingFor} ms, got ${show(message)}`;
  }
  const times = step.times ?? 1;
  if ('send' in step) {
    const messages = Array.from({ length: times }, (_, i) => instantiate(step.send, i + 1, auth));
    sendTogether(
      ws,
      messages.flatMap((m) => (Array.isArray(m) ? m : [m])),
    );
    return undefined;
  }
  for (let n = 1; n <= times; n += 1) {
    const expected = instantiate(step.expect, n, auth);
    const message = await nextMessage(TIMEOUT_MS);
    if (message === undefined)
      return `expected ${show(expected)}, got nothing (connection ${ws.readyState === WebSocket.OPEN ? 'open' : 'closed'})`;
    got.push(message);
    if (!isDeepStrictEqual(message, expected)) return `expected ${show(expected)}, got ${show(message)}`;
  }
  return undefined;
}
