/** The local server's routes: each feature (GraphQL, REST shims, explorer, real-time) adds its own. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
  /** Answer CORS preflight for this path. */
  cors?: boolean;
  /** The preflight's headers when they are not the GraphQL endpoint's (CORS_HEADERS). */
  preflightHeaders?: Readonly<Record<string, string>>;
  /** The answer to a method no route of this path takes, when it is not a 405 (API Gateway's 403). */
  otherMethod?(req: IncomingMessage, res: ServerResponse): void;
}

export interface UpgradeRoute {
  path: string;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}
