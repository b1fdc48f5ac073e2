/**
 * The embedded store is reachable only by the server's user: the server process listens on exactly
 * one TCP port (its API), the store has none; tools reach the store on a Unix socket inside
 * DATA_DIR that is mode 0600 in a 0700 folder. Embedded store only: DYNAMODB_ENDPOINT users bring
 * their own store.
 */
import { ListTablesCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeConnection } from '../../local/store/dynamoClient.js';
import { startLocalServer, type ServerProcess } from '../../harness/localServer.js';

const embedded = !process.env.TEST_DYNAMODB_ENDPOINT;
let server: ServerProcess;

beforeAll(async () => {
  server = await startLocalServer({ launcher: 'start' });
});
afterAll(async () => {
  await server?.stop();
});

/** The TCP ports a process listens on: its socket inodes matched against /proc/net/tcp{,6} LISTEN rows. */
function listeningTcpPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      /* closed meanwhile */
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const row of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = row.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A') continue; // 0A: LISTEN
      if (inodes.has(cols[9]!)) ports.push(parseInt(cols[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

describe.runIf(embedded)('the embedded store has no TCP port', () => {
  it('the server process listens on exactly one TCP port: the API', () => {
    const apiPort = Number(new URL(server.url).port);
    expect(listeningTcpPorts(server.process.pid!)).toEqual([apiPort]);
    // The ready line names no http endpoint for the store, only its socket.
    expect(server.readyLine).toMatch(/\| store embedded \/\S+\.sock /);
    expect(server.readyLine).not.toMatch(/store embedded http/);
  });

  it('its Unix socket is the owner’s only (0600 in a 0700 folder inside DATA_DIR) and speaks DynamoDB', async () => {
    const socket = server.storeEndpoint;
    expect(socket.startsWith(`${server.dataDir}/`)).toBe(true);
    const stat = statSync(socket);
    expect(stat.isSocket()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o600);
    expect(statSync(dirname(socket)).mode & 0o777).toBe(0o700);
    const client = new DynamoDBClient({
      ...storeConnection(socket),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const { TableNames } = await client.send(new ListTablesCommand({}));
      expect(TableNames).toContain(server.tableName);
    } finally {
      client.destroy();
    }
  });
});
