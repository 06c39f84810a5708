#!/bin/bash
# A/B: Flink's window operator (old.jar) against the sliced window stage (new.jar), alternating.
cd /work/main
one() { # label jar interval
  node bin/ckpt-lab.js cluster down --port-base 8500 >/dev/null 2>&1
  cp /tmp/m/$2.jar flink-job/target/ckpt-lab-job.jar
  npx tsx /tmp/m/up.mts '{}' > /tmp/m/$1.up.log 2>&1
  node bin/ckpt-lab.js run --interval $3 --rate 15000 --bidders 3000000 --state-mode realistic --warmup 60s --duration 10s --probe 60s --end cancel --port-base 8500 --out /tmp/m/$1 > /tmp/m/$1.log 2>&1
  echo "$(date +%H:%M) $1 $(grep -E 'capacity  ' /tmp/m/$1.log)" >> /tmp/m/slice-summary.txt
}
for round in 1 2; do
  one slice-old-$round-off old off
  one slice-new-$round-off new off
  one slice-new-$round-10s new 10s
  one slice-old-$round-10s old 10s
done
node bin/ckpt-lab.js cluster down --port-base 8500 >/dev/null 2>&1
cp /tmp/m/new.jar flink-job/target/ckpt-lab-job.jar
echo SLICE-DONE >> /tmp/m/slice-summary.txt
