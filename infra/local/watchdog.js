// Ends the Flink processes of a cluster when the Node process that owns it is gone, even if that
// process was killed outright (a crash, SIGKILL), so no Flink process outlives its run. It finds the
// processes by their command line (which names the cluster's data dir), so TaskManagers restarted
// after a failure are covered too.
// Usage: node watchdog.js <ownerPid> <dataDir>
import { readdirSync, readFileSync } from 'node:fs';

const [ownerPid, dataDir] = process.argv.slice(2);
const marker = `--configDir\0${dataDir}/conf/`;

function clusterPids() {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function alive(pid) {
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
}

function signal(sig) {
  for (const pid of clusterPids()) {
    try {
      process.kill(pid, sig);
    } catch {
      // gone meanwhile
    }
  }
}

let seen = false;
setInterval(() => {
  const pids = clusterPids();
  if (pids.length > 0) seen = true;
  else if (seen) process.exit(0); // the owner stopped the cluster itself
  if (alive(ownerPid)) return;
  signal('SIGTERM');
  setTimeout(() => {
    signal('SIGKILL');
    process.exit(0);
  }, 5000);
}, 500);
