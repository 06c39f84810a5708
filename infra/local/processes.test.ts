import { describe, expect, it } from 'vitest';
import { parseJavaMajor } from './java.js';
import { localPorts } from './ports.js';
import { parseBashJavaUtils, processSpecs } from './processes.js';

describe('local processes', () => {
  it("splits BashJavaUtils' two result lines into JVM options and dynamic properties", () => {
    const out = [
      'INFO some log line',
      'BASH_JAVA_UTILS_EXEC_RESULT:-Xmx1181115985 -Xms1181115985 -XX:MaxDirectMemorySize=397284478 -XX:MaxMetaspaceSize=268435456',
      'BASH_JAVA_UTILS_EXEC_RESULT:-D taskmanager.memory.network.min=263066750b -D taskmanager.cpu.cores=4.0',
    ].join('\n');
    expect(parseBashJavaUtils(out)).toEqual({
      jvmArgs: ['-Xmx1181115985', '-Xms1181115985', '-XX:MaxDirectMemorySize=397284478', '-XX:MaxMetaspaceSize=268435456'],
      dynamicProperties: ['-D', 'taskmanager.memory.network.min=263066750b', '-D', 'taskmanager.cpu.cores=4.0'],
    });
    expect(() => parseBashJavaUtils('Exception in thread main')).toThrow('BashJavaUtils printed no result');
  });

  it('gives every process its own config, log and tmp dir, and every TaskManager its own RocksDB dir', () => {
    const specs = processSpecs({ 'state.backend.rocksdb.localdir': '/d/rocksdb' }, localPorts(9000), '/d', 2);
    expect(specs.map((s) => s.name)).toEqual(['jobmanager', 'taskmanager-1', 'taskmanager-2']);
    expect(new Set(specs.map((s) => s.configDir)).size).toBe(3);
    expect(new Set(specs.map((s) => s.logFile)).size).toBe(3);
    expect(specs[0]!.conf).toMatchObject({ 'rest.port': '9000', 'jobmanager.rpc.port': '9001', 'blob.server.port': '9002' });
    expect(specs[1]!.conf['state.backend.rocksdb.localdir']).toBe('/d/rocksdb/taskmanager-1');
    expect(specs[2]!.conf['taskmanager.resource-id']).toBe('taskmanager-2-g0');
  });

  it('lays ports out from the base and refuses bases outside the user range', () => {
    expect(localPorts(8081)).toEqual({ rest: 8081, rpc: 8082, blob: 8083 });
    expect(() => localPorts(80)).toThrow("Invalid --port-base: '80'");
  });

  it('reads the Java major version', () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajor('openjdk version "11.0.26" 2025-01-21')).toBe(11);
    expect(parseJavaMajor('java version "1.8.0_392"')).toBe(8);
    expect(parseJavaMajor('nonsense')).toBeUndefined();
  });
});
