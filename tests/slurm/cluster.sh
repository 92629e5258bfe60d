#!/usr/bin/env bash
# Start or stop a single-node Slurm cluster (munged, slurmctld, slurmd) for the sweep tests.
#   tests/slurm/cluster.sh start DIR CTLD_PORT SLURMD_PORT   # prints SLURM_CONF=DIR/slurm.conf
#   tests/slurm/cluster.sh stop DIR                           # stops every daemon it started
# Needs root (slurmd runs jobs as their user) and the Debian packages slurmctld slurmd munge slurm-client.
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?folder}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

stop() {
  # Each daemon by its own pid file, slurmd first (it runs the jobs), munged last.
  for name in slurmd slurmctld munge/munged; do
    pidfile="$dir/$name.pid"
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
}

if [ "$cmd" = stop ]; then
  stop
  exit 0
fi

ctld_port=${3:?slurmctld port}
slurmd_port=${4:?slurmd port}
node=$(hostname -s)
cpus=$(nproc)
mkdir -p "$dir/munge" "$dir/state" "$dir/spool"
chmod 700 "$dir/munge"
dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
chmod 600 "$dir/munge/munge.key"
sed -e "s|@DIR@|$dir|g" -e "s|@NODE@|$node|g" -e "s|@CPUS@|$cpus|g" -e "s|@CTLD_PORT@|$ctld_port|g" -e "s|@SLURMD_PORT@|$slurmd_port|g" \
  "$here/slurm.conf.template" > "$dir/slurm.conf"
export SLURM_CONF="$dir/slurm.conf"
trap 'stop' ERR
munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
  --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF" -N "$node"
# Ready when the node takes jobs.
for _ in $(seq 1 100); do
  state=$(sinfo -h -n "$node" -o %t 2>/dev/null || true)
  case "$state" in idle*|mix*|alloc*) echo "SLURM_CONF=$SLURM_CONF"; exit 0 ;; esac
  sleep 0.2
done
echo "the Slurm node $node did not become idle (state: ${state:-none}); see $dir/slurmctld.log and $dir/slurmd.log" >&2
stop
exit 1
