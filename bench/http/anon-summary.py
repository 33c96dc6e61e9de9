"""The tables of bench/http/anon.sh: per request CPU and bytes of each candidate, and the goals of issue 17 read as
CPU per request (the API may spend at most 1/0.75 of the bare API's CPU on a cached public read, 1/0.9 on
/health/live; the uncached read's floor is pgbench -S, its client and PostgreSQL, per transaction).
    python3 anon-summary.py <out folder> <bare build or -> <API build>...
"""
import csv
import statistics
import sys

out, bare, apis = sys.argv[1], sys.argv[2], sys.argv[3:]
rows = list(csv.DictReader(open(f"{out}/results.tsv"), delimiter="\t"))
hwm = dict(line.split() for line in open(f"{out}/hwm.tsv") if line.strip())
labels = {"live": "`GET /health/live`", "public": "cached `GET /public/{tenant}/{type}/{slug}`", "get": "uncached `GET /v1/content/{id}`"}
goals = {"live": 0.9, "public": 0.75, "get": 0.3}


def cell(vals, fmt):
    vals = [v for v in vals if v is not None]
    if not vals:
        return "—"
    return f"{fmt.format(statistics.median(vals))} ({fmt.format(min(vals))}–{fmt.format(max(vals))})"


def num(r, k):
    return float(r[k]) if r.get(k) not in (None, "") else None


def total(r, s):
    """What a request costs the machine: the server's CPU, and for the uncached read PostgreSQL's too."""
    return float(r["cpu_us_per_request"]) + (float(r["pg_cpu_us_per_request"]) if s == "get" else 0.0)


scenarios = [s for s in labels if any(r["scenario"] == s for r in rows)]
print("| scenario | candidate | requests/s, median (min–max) | CPU µs per request | bytes allocated per request | PostgreSQL CPU µs per request | VmRSS after, MB |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for s in scenarios:
    for b in dict.fromkeys(r["build"] for r in rows if r["scenario"] == s):
        sel = [r for r in rows if r["build"] == b and r["scenario"] == s]
        pg = cell([num(r, "pg_cpu_us_per_request") for r in sel], "{:.1f}") if s == "get" else "—"
        print(f"| {labels[s]} | {b} | {cell([num(r, 'requests_per_s') for r in sel], '{:,.0f}')} | "
              f"{cell([num(r, 'cpu_us_per_request') for r in sel], '{:.1f}')} | {cell([num(r, 'bytes_per_request') for r in sel], '{:,.0f}')} | "
              f"{pg} | {cell([num(r, 'rss_mb') for r in sel], '{:.0f}')} |")

print("\n| scenario | ratio of CPU per request (floor / candidate; 1.0 = as cheap as the floor) | median (min–max of the rounds) | goal (issue 17) | met? |")
print("| --- | --- | --- | --- | --- |")
for s in scenarios:
    floor = "pgbench" if s == "get" else bare
    base = {r["round"]: total(r, s) for r in rows if r["build"] == floor and r["scenario"] == s}
    if not base:
        continue
    for b in dict.fromkeys(r["build"] for r in rows if r["scenario"] == s and r["build"] != floor):
        ratios = [base[r["round"]] / total(r, s) for r in rows if r["build"] == b and r["scenario"] == s and r["round"] in base and total(r, s) > 0]
        if not ratios:
            continue
        goal = goals[s] if b in apis else None
        met = "" if goal is None else ("**yes**" if statistics.median(ratios) >= goal else f"no ({statistics.median(ratios) / goal:.2f} of the goal)")
        what = "(server + PostgreSQL)" if s == "get" else ""
        print(f"| {labels[s]} | {floor} / {b} {what} | {cell(ratios, '{:.2f}×')} | {'' if goal is None else f'≥ {goal}×'} | {met} |")

print("\n| candidate | VmHWM (peak RSS) at the end, MB |")
print("| --- | --- |")
for b, kb in hwm.items():
    if kb.isdigit():
        print(f"| {b} | {int(kb) / 1024:.0f} |")
for line in open(f"{out}/uptime"):
    print(f"\n{line.strip()}")
