/**
 * Who may see the API key in the explorer page: a client on this machine, reaching the server by a
 * loopback name. The Host check stops DNS rebinding — a page from some other site whose name was
 * re-pointed at 127.0.0.1 connects from loopback too, but its Host header is that site's name.
 */
import type { IncomingMessage } from 'node:http';
import { isIPv4 } from 'node:net';

/** 127.0.0.0/8, ::1, and IPv4-mapped 127.x (a dual-stack socket's view of an IPv4 loopback peer). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  if (isIPv4(v4)) return v4.startsWith('127.');
  return address === '::1' || address === '0:0:0:0:0:0:0:1';
}

/** `localhost`, a loopback IP literal (`127.0.0.1`, `[::1]`), with or without a port. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d*$/, '');
  return name.toLowerCase() === 'localhost' || isLoopbackAddress(name);
}

export function mayRevealApiKey(req: IncomingMessage): boolean {
  return isLoopbackAddress(req.socket.remoteAddress) && isLoopbackHost(req.headers.host);
}
