#!/usr/bin/env bash
# The lab's price of a 10 s full checkpoint (baseline c_e, interleaved off cells) on the validation workload, with advise
# observing each 10 s cost cell's steady window, reading every second: the lab's price and advise's estimators of one cell.
set -u
cd /work/main
OUT=docs/measurements/price-at-10s-2026-12-03
mkdir -p $OUT
node bin/ckpt-lab.js sweep --profile quick --state-mode realistic --bidders 200000 --rate 14378 --intervals 10s --failures 0 --repeat 2 \
  --port-base 8700 --out $OUT > $OUT/terminal.txt 2>&1 &
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
      mkdir -p $OUT/advise-$n
      node bin/ckpt-lab.js advise --rest http://127.0.0.1:8700 --job $job --observe 110s --read-every 1s --mtbf 24h --out $OUT/advise-$n \
        > $OUT/advise-$n/advise-stdout.txt 2> $OUT/advise-$n/advise-terminal.txt
      echo "advise $n end $(date -u +%H:%M:%S) rc $?" >> $OUT/advise-times.txt
      while curl -s http://127.0.0.1:8700/jobs/overview 2>/dev/null | grep -q "$job"; do sleep 2; done
    fi
  fi
  sleep 2
done
wait $SWEEP; echo "sweep rc $?" >> $OUT/advise-times.txt
