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
