#!/usr/bin/env bash
# The quick realistic sweep of 2026-12-02 a second time, at that sweep's calibrated rate (14,378 events/s), then advise
# (with its shipped default, reads every second) on a 10 s job of the same workload, checked against both sweeps.
set -u
cd /work/main
OUT=docs/measurements/repeat-and-validate-2026-12-03
SWEEP=$OUT/sweep
VAL=$OUT/advise
mkdir -p $VAL
echo "sweep started $(date -u +%H:%M:%S)" > $OUT/times.txt
node bin/ckpt-lab.js sweep --profile quick --state-mode realistic --bidders 200000 --rate 14378 --port-base 8700 --out $SWEEP > $OUT/sweep-stdout.txt 2> $OUT/sweep-terminal.txt
echo "sweep ended $(date -u +%H:%M:%S) rc $?" >> $OUT/times.txt
npx ckpt-lab run --interval 10s --cell cost --state-mode realistic --bidders 200000 --rate 14378 --state-backend rocksdb \
  --incremental false --failure-detection fast --warmup 60s --duration 8m --probe 0s --end cancel --port-base 8600 --out /tmp/val17-run > $VAL/run-stdout.txt 2> $VAL/run-terminal.txt &
RUN=$!
until curl -s http://127.0.0.1:8600/jobs/overview | grep -q '"state":"RUNNING"'; do sleep 2; done
echo "job RUNNING $(date -u +%H:%M:%S)" >> $OUT/times.txt
sleep 150
echo "advise started $(date -u +%H:%M:%S)" >> $OUT/times.txt
npx ckpt-lab advise --rest http://127.0.0.1:8600 --observe 5m --calibration $SWEEP --mtbf 24h --out $VAL > $VAL/advise-stdout.txt 2> $VAL/advise-terminal.txt
echo "advise ended $(date -u +%H:%M:%S) rc $?" >> $OUT/times.txt
wait $RUN
echo "run ended $(date -u +%H:%M:%S) rc $?" >> $OUT/times.txt
npx tsx scripts/adviseAgainstSweep.ts $VAL/advice.json $SWEEP > $VAL/against-this-sweep.txt 2>&1
npx tsx scripts/adviseAgainstSweep.ts $VAL/advice.json docs/measurements/quick-realistic-2026-12-02 > $VAL/against-sweep-12-02.txt 2>&1
echo done >> $OUT/times.txt
