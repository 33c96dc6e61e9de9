"""Per-request work of one counted run of bench/http/run.sh, from three snapshots (before an idle interval,
before the load, after it and a settle): transactions on the primary and the replica (pg_stat_database) and
Redis commands (INFO commandstats), the idle interval's rate subtracted. Prints one tab-separated line:
scenario candidate requests primary-xacts replica-xacts redis-commands top-commands idle-primary-xacts/s"""
import sys

scenario, candidate, requests = sys.argv[1], sys.argv[2], int(sys.argv[3])


def read(path):
    with open(path) as f:
        first, *rest = f.read().split("\n")
    t, primary, replica = (float(x) for x in first.split())
    commands = {}
    for line in rest:
        if line.strip():
            name, calls = line.split()
            commands[name] = int(calls)
    return t, primary, replica, commands


s0, s1, s2 = (read(p) for p in sys.argv[4:7])
idle, load = s1[0] - s0[0], s2[0] - s1[0]


def net(i, name=None):
    pick = (lambda s: s[3].get(name, 0)) if name else (lambda s: s[i])
    background = (pick(s1) - pick(s0)) / idle * load
    return max(0.0, (pick(s2) - pick(s1)) - background) / requests


names = sorted(set(s2[3]) | set(s1[3]))
per = {n: net(0, n) for n in names}
redis = sum(per.values())
top = ", ".join(f"{n} {v:.2f}" for n, v in sorted(per.items(), key=lambda kv: -kv[1]) if v >= 0.01)
idle_xacts = (s1[1] - s0[1]) / idle
print(f"{scenario}\t{candidate}\t{requests}\t{net(1):.2f}\t{net(2):.2f}\t{redis:.2f}\t{top or '-'}\t{idle_xacts:.1f}")
