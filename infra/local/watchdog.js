// Ends the Flink processes of a cluster when the Node process that owns it is gone, even if that
// process was killed outright (a crash, SIGKILL), so no Flink process outlives its run.
// Usage: node watchdog.js <ownerPid> <marker> <pid>...   (marker: a string in each process's command line)
import { readFileSync } from 'node:fs';

const [ownerPid, marker, ...pids] = process.argv.slice(2);
const alive = (pid) => {
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
};
const ours = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return false;
  }
};
const signal = (sig) => pids.filter(ours).forEach((pid) => { try { process.kill(-Number(pid), sig); } catch { try { process.kill(Number(pid), sig); } catch {} } });

const timer = setInterval(() => {
  if (!pids.some(ours)) process.exit(0);
  if (alive(ownerPid)) return;
  clearInterval(timer);
  signal('SIGTERM');
  setTimeout(() => { signal('SIGKILL'); process.exit(0); }, 5000);
}, 500);
