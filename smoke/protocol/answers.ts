/**
 * AppSync's answers as data: each entry is a request (HTTP, or a real-time exchange) and the
 * answer AppSync gives it, with where that answer comes from. The local tests replay every entry
 * against the local runtime (test/e2e/protocol.answers.test.ts); `npm run smoke -- --protocol`
 * replays them against a deployed stack, so anyone with an AWS account confirms or corrects each
 * one, and `--record` writes what AppSync said back into answers.json (`checkedOnAws`).
 * Every request is safe on a production API: none runs a resolver that writes (they fail before
 * any resolver runs, or only read), and real-time connections close when the entry ends.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * - `recorded`: this answer, to this kind of request, was seen from AppSync (the source quotes it);
 * - `recorded-wording`: AppSync was recorded answering the same rule in these words for another
 *   API; the words for this schema follow from it;
 * - `documented`: AWS's documentation says so;
 * - `inferred`: no recording found; derived from the source named (graphql-java's code, a client's).
 */
export type Evidence = 'recorded' | 'recorded-wording' | 'documented' | 'inferred';

/** Who calls: the target's API key (default), no credentials at all. */
export type Auth = 'apiKey' | 'none';

export interface HttpRequest {
  method: 'POST' | 'GET';
  auth?: Auth;
  /** POST: the body exactly as sent (a string), or a GraphQL request to send as JSON. */
  body?: string | { query: unknown; variables?: unknown; operationName?: unknown };
  /** GET: the URL parameters (`variables` as JSON text). */
  params?: Record<string, string>;
}

export interface HttpExpected {
  status: number;
  body: unknown;
}

/** One step of a real-time exchange. `{{n}}` in a step repeated `times` is its number (1…times). */
export type RealtimeStep =
  | { send: unknown; times?: number }
  /** The next message that is not a `ka` must equal this. */
  | { expect: unknown; times?: number }
  /** No message but `ka` arrives for this long (an ignored message). */
  | { expectNothingFor: number };

export interface RealtimeRequest {
  /** Subprotocols offered: AppSync's (`graphql-ws` + the `header-…` auth), or the auth one alone. */
  subprotocols?: 'appsync' | 'header-only';
  steps: RealtimeStep[];
}

/** What a smoke run with `--record` found on AWS. */
export interface AwsCheck {
  checkedAt: string;
  outcome: 'confirmed' | 'differs';
  /** AppSync's own answer, kept when it differs. */
  answer?: unknown;
}

export type Answer = {
  id: string;
  what: string;
  evidence: Evidence;
  /** Where the answer comes from: URLs, and for `inferred` the file and release derived from. */
  source: string;
  note?: string;
  checkedOnAws?: AwsCheck | null;
} & ({ kind: 'http'; request: HttpRequest; expected: HttpExpected } | { kind: 'realtime'; request: RealtimeRequest });

export interface AnswersFile {
  about: string;
  answers: Answer[];
}

export const ANSWERS_PATH = fileURLToPath(new URL('./answers.json', import.meta.url));

export function readAnswers(path = ANSWERS_PATH): AnswersFile {
  return JSON.parse(readFileSync(path, 'utf8')) as AnswersFile;
}

export function writeAnswers(file: AnswersFile, path = ANSWERS_PATH): void {
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
}

/** The file with this run's verdicts in `checkedOnAws` (answers the run did not reach keep theirs). */
export function withVerdicts(file: AnswersFile, verdicts: ReadonlyMap<string, AwsCheck>): AnswersFile {
  return { ...file, answers: file.answers.map((a) => ({ ...a, checkedOnAws: verdicts.get(a.id) ?? a.checkedOnAws ?? null })) };
}
