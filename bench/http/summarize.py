"""The table of bench/http/run.sh: medians and spreads per candidate, ratios paired by round (the candidates of
a round ran minutes apart, under the same background load), per-request work and memory. Markdown on stdout.
   python3 summarize.py ARTIFACTS_DIR AOT(0|1)"""
import os
import statistics
import sys
from collections import defaultdict

out, aot = sys.argv[1], sys.argv[2] == "1"
names = {"api-jit": "API (JIT)", "api-aot": "API (Native AOT)", "api-ref": "API (JIT), reference build (API_REF)",
         "bare": "bare minimal API", "node": "Node peer",
         "pgbench-S": "pgbench -S -M prepared -c 8", "pgbench-seq": "pgbench, the API's statements, -c 8"}
scenarios = {"public": "cached `GET /public/{tenant}/{type}/{slug}`", "live": "`GET /health/live`",
             "get": "uncached `GET /v1/content/{id}`", "post": "`POST /v1/content`"}


def rows(name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


rps, p50 = defaultdict(dict), defaultdict(dict)
for s, c, r, x, p in rows("results.tsv"):
    rps[(s, c)][r] = float(x)
    p50[(s, c)][r] = float(p)


def spread(values, fmt):
    values = list(values)
    med = statistics.median(values)
    return f"{fmt(med)} ({fmt(min(values))}–{fmt(max(values))})"


print("| scenario | candidate | requests/s, median (min–max) | p50 ms, median (min–max) |")
print("| --- | --- | --- | --- |")
for s, label in scenarios.items():
    for c in names:
        if (s, c) in rps:
            mean = " (pgbench: mean latency)" if c.startswith("pgbench") else ""
            print(f"| {label} | {names[c]} | {spread(rps[(s, c)].values(), lambda v: f'{v:,.0f}')} | "
                  f"{spread(p50[(s, c)].values(), lambda v: f'{v:.2f}')}{mean} |")

goals = [
    ("public", "api-jit", "bare", "≥ 0.75×"), ("public", "api-aot", "bare", "≥ 0.75×"),
    ("public", "api-jit", "node", "≥ 3×"), ("public", "api-aot", "node", "≥ 3×"),
    ("live", "api-jit", "bare", "≥ 0.9×"), ("live", "api-aot", "bare", "≥ 0.9×"),
    ("live", "api-jit", "node", "—"), ("live", "api-aot", "node", "—"),
    ("public", "api-ref", "bare", "(reference)"), ("live", "api-ref", "bare", "(reference)"),
    ("public", "api-jit", "api-ref", "(this build / the reference)"), ("live", "api-jit", "api-ref", "(this build / the reference)"),
    ("get", "api-jit", "pgbench-S", "≥ 0.3×"), ("get", "api-aot", "pgbench-S", "≥ 0.3×"),
    ("get", "api-jit", "pgbench-seq", "—"), ("get", "api-aot", "pgbench-seq", "—"),
    ("get", "api-jit", "node", "≥ 3×"), ("get", "api-aot", "node", "≥ 3×"),
    ("post", "api-jit", "node", "≥ 2×"), ("post", "api-aot", "node", "≥ 2×"),
]
print()
print("| scenario | ratio of requests/s | median (min–max of the rounds) | goal (issue 17) |")
print("| --- | --- | --- | --- |")
for s, a, b, goal in goals:
    if (s, a) in rps and (s, b) in rps:
        paired = [rps[(s, a)][r] / rps[(s, b)][r] for r in rps[(s, a)] if r in rps[(s, b)]]
        print(f"| {scenarios[s]} | {names[a]} / {names[b]} | {spread(paired, lambda v: f'{v:.2f}×')} | {goal} |")

rss, hwm = defaultdict(list), defaultdict(int)
for c, r, now, peak in rows("rss.tsv"):
    rss[c].append(int(now) / 1024)
    hwm[c] = max(hwm[c], int(peak) / 1024)
if rss:
    print()
    print("| memory under read load | VmRSS after each round's reads, MB, median (min–max) | VmHWM (peak), MB |")
    print("| --- | --- | --- |")
    for c in names:
        if c in rss:
            print(f"| {names[c]} | {spread(rss[c], lambda v: f'{v:.0f}')} | {hwm[c]:.0f} |")
    for c in ("api-jit", "api-aot"):
        if c in hwm and "node" in hwm:
            print(f"| {names[c]} / Node peer | {statistics.median(rss[c]) / statistics.median(rss['node']):.2f}× "
                  f"| {hwm[c] / hwm['node']:.2f}× (goal ≤ 1.2× for the AOT build) |")

counts = rows("counts.tsv")
if counts:
    print()
    print("| per request (counted run, 4 connections, 3 s) | requests | PostgreSQL transactions, primary | replica | Redis commands (a script's inner calls included) | commands per request | subtracted: idle transactions/s |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for s, c, n, primary, replica, redis, top, idle in counts:
        print(f"| {scenarios[s]}, {names[c]} | {int(n):,} | {primary} | {replica} | {redis} | {top} | {idle} |")
