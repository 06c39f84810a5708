#!/usr/bin/env bash
# The job's maximum throughput on a MiniCluster, checkpointing off vs. on (see MaxThroughputBenchmark).
# Usage: flink-job/run-benchmark.sh [rounds] [warmupSeconds] [measureSeconds] [bidders] [intervalsMs, e.g. 0,30000]
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
opens=$(sed -n 's:.*<flink.java17.opens>\(.*\)</flink.java17.opens>.*:\1:p' pom.xml)
# shellcheck disable=SC2086
exec java $opens ${BENCH_JAVA_OPTS:-} -Dlog4j.configurationFile=src/test/resources/log4j2-test.properties \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  ckptlab.job.bench.MaxThroughputBenchmark "$@"
