/**
 * A tiny local HTTP server for advise's tests: it answers each path with the bodies a transcript holds
 * for it, in the order they were read (the last one again once they run out), or with canned routes;
 * anything else is Flink's 404. It lists every request (`GET /jobs/…`).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Transcript } from './restTranscript.js';

export interface ReplayServer {
  readonly url: string;
  readonly requests: string[];
  close(): Promise<void>;
}

/** Path → the bodies to answer with, in order; a function computes one per request. */
export type Routes = Record<string, unknown[] | ((count: number) => { status: number; body: unknown })>;

export function routesOf(t: Transcript): Routes {
  const routes: Record<string, unknown[]> = {};
  for (const r of [...t.once, ...t.ticks.flatMap((k) => k.responses)]) if (r.error === undefined) (routes[r.path] ??= []).push(r.body);
  return routes;
}

export async function startReplayServer(routes: Routes): Promise<ReplayServer> {
  const requests: string[] = [];
  const served = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push(`${req.method ?? 'GET'} ${path}`);
    const n = served.get(path) ?? 0;
    served.set(path, n + 1);
    const route = routes[path];
    const answer =
      typeof route === 'function'
        ? route(n)
        : route && route.length > 0
          ? { status: 200, body: route[Math.min(n, route.length - 1)] }
          : { status: 404, body: { errors: ['Not found: ' + path] } };
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
