/** The local cluster's fixed ports, laid out from one base so clusters can run beside each other. */
import { createServer } from 'node:net';

export const DEFAULT_PORT_BASE = 8081;

export interface LocalPorts {
  readonly rest: number;
  readonly rpc: number;
  readonly blob: number;
}

/** The one rule for --port-base (its three ports must be unprivileged and exist): the message naming what is wrong, or undefined. */
export function portBaseProblem(text: string): string | undefined {
  return /^\d+$/.test(text) && Number(text) >= 1024 && Number(text) <= 65_533
    ? undefined
    : `Invalid --port-base: '${text}'. Allowed: an integer from 1024 to 65533.`;
}

/** REST on the base (8081 by default, as in Flink), then JobManager RPC and blob server. */
export function localPorts(portBase: number): LocalPorts {
  const problem = portBaseProblem(String(portBase));
  if (problem) throw new Error(problem);
  return { rest: portBase, rpc: portBase + 1, blob: portBase + 2 };
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Throws naming the first port in use and the range the base needs. */
export async function checkPortsFree(portBase: number): Promise<void> {
  const ports = localPorts(portBase);
  for (const [role, port] of Object.entries(ports) as [string, number][]) {
    if (!(await isFree(port))) {
      throw new Error(
        `Port ${port} (${role} of --port-base ${portBase}) is already in use. Allowed: a --port-base whose ports ${portBase}..${portBase + 2} are free.`,
      );
    }
  }
}
