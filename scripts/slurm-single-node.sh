#!/usr/bin/env bash
# Starts a single-node Slurm cluster on this machine (as root), for `milpnet bench --executor slurm` and its test:
# installs slurm-wlm and munge when missing, writes /etc/slurm/slurm.conf for this host (one partition `debug`, all
# cores), creates a munge key, and starts munged, slurmctld and slurmd without systemd (containers, CI). Idempotent:
# a cluster already answering `sinfo` is left alone. To use an existing cluster instead, skip this script: milpnet only
# needs `sbatch` and `squeue` on PATH and a file system the compute nodes share with the submitting directory.
# `slurm-single-node.sh stop` stops the three daemons again (by their pid files).
set -euo pipefail
if [ "${1:-start}" = stop ]; then
  for pidfile in /run/slurmd.pid /run/slurmctld.pid /run/munge/munged.pid; do
    if [ -s "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; fi
  done
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "slurm-single-node.sh: run as root (it installs packages and starts daemons)" >&2
  exit 1
fi
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq slurm-wlm munge
fi
if timeout 5 sinfo -h >/dev/null 2>&1; then
  echo "slurm-single-node.sh: a cluster already answers sinfo"
  exit 0
fi
host=$(hostname -s)
cpus=$(nproc)
mem=$(awk '/MemTotal/ {print int($2 / 1024 * 0.8)}' /proc/meminfo)
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge /var/lib/munge /var/log/munge
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=milpnet
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
if [ ! -s /etc/munge/munge.key ]; then
  mkdir -p /etc/munge
  dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
fi
chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
chmod 400 /etc/munge/munge.key
pgrep -x munged >/dev/null || su -s /bin/sh munge -c "munged" || munged --force
pgrep -x slurmctld >/dev/null || slurmctld
pgrep -x slurmd >/dev/null || slurmd
for _ in $(seq 1 30); do
  if sinfo -h -o %T 2>/dev/null | grep -qE 'idle|mixed|alloc'; then
    sinfo
    exit 0
  fi
  sleep 1
done
echo "slurm-single-node.sh: the cluster did not come up; see /var/log/slurm/slurmctld.log and slurmd.log" >&2
exit 1
