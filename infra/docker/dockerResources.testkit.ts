/** What tests create, list and remove on an engine — containers, networks, volumes — over the project's Docker API client (tests only). */
import type { DockerApi } from './dockerApi.js';

const byLabel = (labelFilter: string) => ({ filters: JSON.stringify({ label: [labelFilter] }) });

export function listContainers(api: DockerApi, labelFilter: string): Promise<{ Id: string; Names: string[]; State: string }[]> {
  return api.request('GET', '/containers/json', undefined, { all: true, ...byLabel(labelFilter) });
}

export function createContainer(api: DockerApi, name: string, body: unknown): Promise<{ Id: string }> {
  return api.request('POST', '/containers/create', body, { name });
}

export function startContainer(api: DockerApi, id: string): Promise<void> {
  return api.request('POST', `/containers/${encodeURIComponent(id)}/start`);
}

export function removeContainer(api: DockerApi, id: string): Promise<void> {
  return api.request('DELETE', `/containers/${encodeURIComponent(id)}`, undefined, { force: true, v: true });
}

export function listNetworks(api: DockerApi, labelFilter: string): Promise<{ Id: string; Name: string }[]> {
  return api.request('GET', '/networks', undefined, byLabel(labelFilter));
}

export function createNetwork(api: DockerApi, body: unknown): Promise<{ Id: string }> {
  return api.request('POST', '/networks/create', body);
}

export function removeNetwork(api: DockerApi, id: string): Promise<void> {
  return api.request('DELETE', `/networks/${encodeURIComponent(id)}`);
}

export function listVolumes(api: DockerApi, labelFilter: string): Promise<{ Volumes: { Name: string }[] | null }> {
  return api.request('GET', '/volumes', undefined, byLabel(labelFilter));
}

export function createVolume(api: DockerApi, body: unknown): Promise<{ Name: string }> {
  return api.request('POST', '/volumes/create', body);
}

export function removeVolume(api: DockerApi, name: string): Promise<void> {
  return api.request('DELETE', `/volumes/${encodeURIComponent(name)}`, undefined, { force: true });
}

/** What a stack declares that a leftover can be known by, whatever labels it carries (or lacks). */
export interface DeclaredNames {
  readonly containerNames: readonly string[];
  readonly images: readonly string[];
  /** Host directories the containers mount. */
  readonly hostDirs: readonly string[];
  readonly networkNames: readonly string[];
  readonly volumeNames: readonly string[];
}

interface ListedContainer {
  readonly Id: string;
  readonly Names: readonly string[];
  readonly Image: string;
  readonly Mounts?: readonly { readonly Source?: string; readonly Name?: string }[];
}

/**
 * Everything on the engine that is one of the stack's by its name, its image or what it mounts, listed
 * unfiltered (not by the project's own label, so an unlabelled leftover shows too): `container <name>
 * (image …)`, `network <name>`, `volume <name>`.
 */
export async function leftoversOf(api: DockerApi, declared: DeclaredNames): Promise<string[]> {
  const containers = await api.request<ListedContainer[]>('GET', '/containers/json', undefined, { all: true });
  const networks = await api.request<{ Name: string }[]>('GET', '/networks');
  const volumes = (await api.request<{ Volumes: { Name: string }[] | null }>('GET', '/volumes')).Volumes ?? [];
  const mountsOurs = (c: ListedContainer) =>
    (c.Mounts ?? []).some((m) => declared.hostDirs.some((d) => m.Source === d || m.Source?.startsWith(`${d}/`)) || declared.volumeNames.includes(m.Name ?? ''));
  return [
    ...containers
      .filter((c) => c.Names.some((n) => declared.containerNames.includes(n.replace(/^\//, ''))) || declared.images.includes(c.Image) || mountsOurs(c))
      .map((c) => `container ${c.Names.join(',')} (image ${c.Image})`),
    ...networks.filter((n) => declared.networkNames.includes(n.Name)).map((n) => `network ${n.Name}`),
    ...volumes.filter((v) => declared.volumeNames.includes(v.Name)).map((v) => `volume ${v.Name}`),
  ];
}
