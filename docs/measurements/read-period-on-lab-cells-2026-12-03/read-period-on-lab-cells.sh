#!/usr/bin/env bash
# advise at 1 s and at 5 s reads, both at once, observing each 10 s cost cell of a lab sweep inside its steady window
# (65 s after RUNNING, for 95 s, before the probe at 180 s); the lab prices the same cells against interleaved baselines.
set -u
cd /work/main
OUT=docs/measurements/read-period-on-lab-cells-2026-12-03
mkdir -p $OUT
node bin/ckpt-lab.js sweep --profile quick --state-mode realistic --bidders 200000 --rate 14378 --intervals 10s --failures 0 --repeat 3 \
  --order-seed 20261203 --port-base 8700 --out $OUT > $OUT/terminal.txt 2>&1 &
SWEEP=$!
n=0
while kill -0 $SWEEP 2>/dev/null; do
  job=$(curl -s http://127.0.0.1:8700/jobs/overview 2>/dev/null | python3 -c 'import json,sys
try:
  d=json.load(sys.stdin); r=[j["jid"] for j in d["jobs"] if j["state"]=="RUNNING" and "prefill" not in j["name"].lower()]; print(r[0] if r else "")
except Exception: print("")' )
  if [ -n "$job" ]; then
    iv=$(curl -s http://127.0.0.1:8700/jobs/$job/checkpoints/config | python3 -c 'import json,sys; print(json.load(sys.stdin).get("interval",0))' 2>/dev/null)
    if [ "$iv" = "10000" ]; then
      n=$((n+1)); echo "cell $n job $job RUNNING seen $(date -u +%H:%M:%S)" >> $OUT/advise-times.txt
      sleep 65
      echo "advise $n start $(date -u +%H:%M:%S)" >> $OUT/advise-times.txt
      for p in 1s 5s; do
        mkdir -p $OUT/cell-$n/read-$p
        node bin/ckpt-lab.js advise --rest http://127.0.0.1:8700 --job $job --observe 95s --read-every $p --mtbf 24h --out $OUT/cell-$n/read-$p \
          > $OUT/cell-$n/read-$p/advise-stdout.txt 2> $OUT/cell-$n/read-$p/advise-terminal.txt &
      done
      wait $(jobs -p | grep -v "^$SWEEP$")
      echo "advise $n end $(date -u +%H:%M:%S)" >> $OUT/advise-times.txt
      while curl -s http://127.0.0.1:8700/jobs/overview 2>/dev/null | grep -q "$job"; do sleep 3; done
    fi
  fi
  sleep 3
done
wait $SWEEP; echo "sweep rc $? $(date -u +%H:%M:%S)" >> $OUT/advise-times.txt
