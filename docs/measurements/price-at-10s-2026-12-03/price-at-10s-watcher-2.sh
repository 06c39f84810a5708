#!/usr/bin/env bash
# Watcher for the remaining cells (the first watcher's advise ran 2.6 s into cell 1's capacity probe: 65 s + 110 s after
# RUNNING was too long). Now 65 s + 95 s, ending before the probe at 180 s after the job's start.
set -u
cd /work/main
OUT=docs/measurements/price-at-10s-2026-12-03
n=1
while pgrep -f "bin/ckpt-lab.js sweep" > /dev/null; do
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
      node bin/ckpt-lab.js advise --rest http://127.0.0.1:8700 --job $job --observe 95s --read-every 1s --mtbf 24h --out $OUT/advise-$n \
        > $OUT/advise-$n/advise-stdout.txt 2> $OUT/advise-$n/advise-terminal.txt
      echo "advise $n end $(date -u +%H:%M:%S) rc $?" >> $OUT/advise-times.txt
      while curl -s http://127.0.0.1:8700/jobs/overview 2>/dev/null | grep -q "$job"; do sleep 2; done
    fi
  fi
  sleep 2
done
echo "sweep ended $(date -u +%H:%M:%S)" >> $OUT/advise-times.txt
