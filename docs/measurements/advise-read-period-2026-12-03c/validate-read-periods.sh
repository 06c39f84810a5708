#!/usr/bin/env bash
# One job, two advise observers at once (reading every 1 s and every 5 s) over the same 5 min: the read period's
# effect on what advise estimates, apart from the run's (session 15 could not tell them apart with one run each).
set -u
cd /work/main
OUT=docs/measurements/advise-read-period-2026-12-03c
mkdir -p $OUT/read-1s $OUT/read-5s
npx ckpt-lab run --interval 10s --cell cost --state-mode realistic --bidders 200000 --rate 14378 --state-backend rocksdb \
  --incremental false --failure-detection fast --warmup 60s --duration 8m --probe 0s --end cancel --port-base 8600 --out /tmp/val16-run > /tmp/val16-run.out 2> /tmp/val16-run.err &
RUN=$!
until curl -s http://127.0.0.1:8600/jobs/overview | grep -q '"state":"RUNNING"'; do sleep 2; done
echo "job RUNNING $(date -u +%H:%M:%S)" > $OUT/times.txt
sleep 150
echo "both advise started $(date -u +%H:%M:%S)" >> $OUT/times.txt
for p in 1s 5s; do
  (npx ckpt-lab advise --rest http://127.0.0.1:8600 --observe 5m --read-every $p --calibration docs/measurements/quick-realistic-2026-12-02 --mtbf 24h \
     --out $OUT/read-$p > $OUT/read-$p/advise-stdout.txt 2> $OUT/read-$p/advise-terminal.txt; echo "advise $p ended $(date -u +%H:%M:%S) rc $?" >> $OUT/times.txt) &
done
wait %2 %3 2>/dev/null; wait $(jobs -p | grep -v "^$RUN$") 2>/dev/null
wait $RUN
echo "run ended $(date -u +%H:%M:%S) rc $?" >> $OUT/times.txt
for p in 1s 5s; do npx tsx scripts/adviseAgainstSweep.ts $OUT/read-$p/advice.json docs/measurements/quick-realistic-2026-12-02 > $OUT/read-$p/against-sweep.txt 2>&1; done
echo done >> $OUT/times.txt
