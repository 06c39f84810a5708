/**
 * The HDD directories a host's containers bind-mount: created (owned by the image's flink user,
 * uid 9999) before the containers start, and removed on destroy only when keepData is false.
 * Runs through that host's Docker engine (`docker -H`), so it works over SSH too.
 */
import * as command from '@pulumi/command';
import * as pulumi from '@pulumi/pulumi';
import { shellQuote as quote } from './shellQuote.js';

export interface HostDataArgs {
  readonly dockerHost: string;
  readonly image: pulumi.Input<string>;
  /** The HDD directory on the host; subdirectories are created inside it. */
  readonly hddPath: string;
  readonly dirs: readonly string[];
  readonly keepData: boolean;
  /** For an ssh:// engine: PATH with the ssh wrapper that carries the stack's key. */
  readonly environment?: pulumi.Input<Record<string, string>>;
}

/** The image's flink user (as in the official image). */
export const FLINK_UID = 9999;

/** `docker -H <host> run --rm` a shell in the image with the HDD directory mounted at /hdd. */
export function hostShell(dockerHost: string, image: string, hddPath: string, script: string): string {
  return `docker -H ${quote(dockerHost)} run --rm --user root --entrypoint sh -v ${quote(`${hddPath}:/hdd`)} ${quote(image)} -c ${quote(script)}`;
}

export function prepareScript(hddPath: string, dirs: readonly string[]): string {
  const inside = dirs.map((d) => `/hdd${d.slice(hddPath.length)}`);
  return `mkdir -p ${inside.join(' ')} && chown -R ${FLINK_UID}:${FLINK_UID} ${inside.join(' ')}`;
}

export class HostData extends pulumi.ComponentResource {
  readonly prepared: command.local.Command;

  constructor(name: string, args: HostDataArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ckptlab:flink:HostData', name, {}, opts);
    for (const d of args.dirs) if (!d.startsWith(`${args.hddPath}/`)) throw new Error(`HostData: ${d} is not inside ${args.hddPath}`);
    const inside = args.dirs.map((d) => `/hdd${d.slice(args.hddPath.length)}`);
    this.prepared = new command.local.Command(
      `${name}-dirs`,
      {
        create: pulumi.output(args.image).apply((image) => hostShell(args.dockerHost, image, args.hddPath, prepareScript(args.hddPath, args.dirs))),
        delete: args.keepData
          ? undefined
          : pulumi.output(args.image).apply((image) => hostShell(args.dockerHost, image, args.hddPath, `rm -rf ${inside.join(' ')}`)),
        triggers: [args.dockerHost, args.hddPath, ...args.dirs],
        ...(args.environment ? { environment: args.environment } : {}),
      },
      { parent: this },
    );
    this.registerOutputs({ dirs: args.dirs });
  }
}
