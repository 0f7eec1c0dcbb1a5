#!/usr/bin/env sh
# Start-up time of a whole llmcost process: runs a command N times (after one unmeasured run that
# builds the jar and warms the page cache) and prints the median, minimum and maximum wall seconds
# from /usr/bin/time, with the load average before and after. Not a test: a figure for the README.
#
#   benchmarks/startup.sh [N] [command ...]      default: 21 runs of ./llmcost params --model llama-3.1-8b
set -e
n=${1:-21}
[ $# -gt 0 ] && shift
[ $# -eq 0 ] && set -- ./llmcost params --model llama-3.1-8b
"$@" >/dev/null
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
times=$(i=0; while [ $i -lt "$n" ]; do /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -1; i=$((i + 1)); done | sort -n)
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$times" | awk -v n="$n" '{ t[NR] = $1 } END { printf "runs %d  median %.3f s  min %.3f s  max %.3f s\n", n, t[int((NR + 1) / 2)], t[1], t[NR] }'
