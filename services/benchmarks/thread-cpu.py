#!/usr/bin/env python3
"""CPU-seconds by thread of a command and the JVMs it starts (docs/performance.md).

    python3 services/benchmarks/thread-cpu.py ./rebound run scenarios/global-year.yaml --summary s.json

Runs the command (its output discarded), reads /proc/PID/task/*/stat of it and of its children
every 200 ms, keeps each thread's last user + system time, and prints the total and the sums by
thread name, digits folded ("data-plane-kafka-request-handler-0" and "-1" count together; Linux
truncates names to 15 characters). Linux only; a thread that lives less than 200 ms may be
missed. A measuring aid, not a test. Exits with the command's status.
"""
import collections
import os
import re
import subprocess
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def threads(pid, seen):
    """Records each thread's name and CPU-seconds so far in seen[(pid, tid)]."""
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = f.read().strip()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        seen[(pid, tid)] = (name, (int(fields[11]) + int(fields[12])) / TICKS)  # utime + stime


def main():
    process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen = {}
    while process.poll() is None:
        pids = [str(process.pid)]
        children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True)
        pids += children.stdout.split()
        for pid in pids:
            threads(pid, seen)
        time.sleep(0.2)
    by_name = collections.Counter()
    for name, cpu in seen.values():
        by_name[re.sub(r"\d+", "N", name)] += cpu
    print(f"total {sum(by_name.values()):.1f}")
    for name, cpu in by_name.most_common(25):
        print(f"{cpu:.1f} {name}")
    return process.returncode


if __name__ == "__main__":
    sys.exit(main())
