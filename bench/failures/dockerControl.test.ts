import { describe, expect, it } from 'vitest';
import { DockerTaskManagerControl, flinkHostOfResourceId } from './dockerControl.js';

describe('DockerTaskManagerControl', () => {
  it('finds the container from Flink’s default TaskManager resource id', () => {
    expect(flinkHostOfResourceId('ckpt-dev-taskmanager-1:6122-541a75')).toBe('ckpt-dev-taskmanager-1');
    expect(flinkHostOfResourceId('10.0.0.3:6122-0f0f0f')).toBe('10.0.0.3');
  });

  it('refuses a TaskManager it has no container for, naming the ones it knows', async () => {
    const control = new DockerTaskManagerControl([{ flinkHost: 'tm1', dockerHost: 'unix:///nonexistent.sock', container: 'c1' }]);
    await expect(control.kill('tm9:6122-abcdef')).rejects.toThrow('No container is known for TaskManager tm9:6122-abcdef (known: tm1)');
  });
});
