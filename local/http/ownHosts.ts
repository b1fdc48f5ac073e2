/**
 * The `Host` values this server answers to: its own names and addresses with its port. A SigV4
 * signature covers the `Host` header, so a request signed for another host is refused rather than
 * admitted here (AWS routes by host: such a request never reaches the API it was not signed for;
 * inferred — no AWS page words this case). Also what a DNS-rebinding page cannot forge.
 */
import { hostname, networkInterfaces } from 'node:os';

export interface OwnHosts {
  has(host: string | undefined): boolean;
  /** For messages: the names, e.g. `127.0.0.1:4000, localhost:4000, [::1]:4000`. */
  readonly names: readonly string[];
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

const bracketed = (address: string): string => (address.includes(':') && !address.startsWith('[') ? `[${address}]` : address);

/** `bindHost` as HOST gives it (127.0.0.1, ::1, 0.0.0.0, a name...), `port` the one listened on. */
export function ownHosts(bindHost: string, port: number): OwnHosts {
  const names = new Set<string>(LOOPBACK_NAMES);
  names.add(bracketed(bindHost).toLowerCase());
  if (WILDCARDS.has(bindHost)) {
    // Every address of this machine answers: clients elsewhere name it by one of them or its hostname.
    names.add(hostname().toLowerCase());
    for (const list of Object.values(networkInterfaces()))
      for (const address of list ?? []) names.add(bracketed(address.address.replace(/%.*$/, '')).toLowerCase());
  }
  for (const wildcard of WILDCARDS) names.delete(wildcard);
  const withPort = [...names].map((name) => `${name}:${port}`);
  // A client on port 80 may leave the port out.
  const accepted = new Set(port === 80 ? [...withPort, ...names] : withPort);
  return {
    names: withPort,
    has: (host) => host !== undefined && accepted.has(host.toLowerCase()),
  };
}
