#!/usr/bin/env python3
"""Adds up perf profiles of cold starts (bench/lambda/run.sh with BENCH_PERF, BENCH_PERF_RUNS) by start-up phase.

    bench/lambda/perf-phases.py artifacts/prof/api-aot*.perf.data
    PERF_SYMFS=DIR bench/lambda/perf-phases.py ...   the executables (and .dbg) under DIR, at the recorded paths
                                                     (a build since replaced, kept elsewhere)

Each sample goes to the innermost start-up phase on its stack (options validation inside the host's start counts
as validation, not as the host's start), and is also counted against the costs that cut across phases: Native
AOT's run-time type loader, reflection invocation, page faults, the GC. Milliseconds are perf's samples times
their period, divided by the number of profiles: a profiled start, not the function's own figure.
"""
import collections
import os
import subprocess
import sys

# (phase, markers): the innermost frame containing a marker decides; order only breaks ties within one frame.
PHASES = [
    # ValidateOnStart resolves each validated type's IOptionsMonitor<T> in a Configure<IOptionsMonitor<T>> of the
    # validator's own options (OptionsBuilder's closure), then the validator gets (binds, validates) each one.
    ("options resolved and validated at start (ValidateOnStart)", ["StartupValidator", "ValidateOnStart", "OptionsBuilder_1___c__DisplayClass"]),
    ("pipeline build (UseMiddleware, endpoints)", ["Builder_ApplicationBuilder__Build"]),
    ("first request (through the pipeline)", ["HttpInvocationHandler", "LambdaRuntimeLoop__InvokeAsync"]),
    ("hosted services and server start", ["Host__StartAsync"]),
    ("WebApplicationBuilder.Build (configuration, container)", ["WebApplicationBuilder__Build"]),
    ("CreateSlimBuilder", ["WebApplication__CreateSlimBuilder"]),
    ("Program.Main: the Add*, Use*, Map* calls", ["Program___Main"]),
    ("runtime start: module initialisation, the image's data", ["StartupCodeHelpers__InitializeModules", "StartupCodeHelpers__RunModuleInitializers", "CreateTypeManagers", "RehydrateData"]),
]
CAUSES = [
    ("Native AOT type loader", ["S_P_TypeLoader_"]),
    ("reflection invoke / ActivatorUtilities", ["DynamicInvokeInfo", "MethodBaseInvoker", "ActivatorUtilities"]),
    ("page faults (kernel)", ["exc_page_fault"]),
]


def stacks(path):
    symfs = ["--symfs", os.environ["PERF_SYMFS"]] if os.environ.get("PERF_SYMFS") else []
    out = subprocess.run(["perf", "script", "-i", path, *symfs, "-F", "period,ip,sym"], capture_output=True, text=True, check=True).stdout
    period, frames = 0, []
    for line in out.splitlines():
        if not line.strip():
            if frames:
                yield period, frames
            period, frames = 0, []
        elif not line.startswith("\t") and not line.startswith(" " * 8):
            period = int(line.split()[0])
        else:
            parts = line.split(None, 1)
            frames.append(parts[1] if len(parts) > 1 else "?")
    if frames:
        yield period, frames


def phase_of(frames):
    if any("gc_heap::" in f or "GCHeap::" in f for f in frames):
        return "GC"
    for frame in frames:  # leaf first: the innermost marker wins
        for name, markers in PHASES:
            if any(m in frame for m in markers):
                return name
    if any("WorkerThreadStart" in f for f in frames):
        return "thread pool (background work)"
    return "other (process start, threads, kernel)"


def main(paths):
    by_phase = collections.Counter()
    by_phase_cause = collections.Counter()
    by_cause = collections.Counter()
    total = 0
    for path in paths:
        for period, frames in stacks(path):
            phase = phase_of(frames)
            by_phase[phase] += period
            total += period
            for cause, markers in CAUSES:
                if any(any(m in f for m in markers) for f in frames):
                    by_cause[cause] += period
                    by_phase_cause[(phase, cause)] += period
    n = len(paths)
    ms = lambda ns: ns / 1e6 / n
    print(f"{n} profile(s), {ms(total):.1f} ms of samples per start")
    print()
    print("| phase | ms per start | share | of which type loader (ms) |")
    print("| --- | ---: | ---: | ---: |")
    order = [p for p, _ in reversed(PHASES)] + ["GC", "thread pool (background work)", "other (process start, threads, kernel)"]
    for phase in order:
        if by_phase[phase]:
            print(f"| {phase} | {ms(by_phase[phase]):.1f} | {100 * by_phase[phase] / total:.0f}% | {ms(by_phase_cause[(phase, 'Native AOT type loader')]):.1f} |")
    print(f"| **total** | **{ms(total):.1f}** | | |")
    print()
    print("| across phases | ms per start | share |")
    print("| --- | ---: | ---: |")
    for cause, _ in CAUSES:
        print(f"| {cause} | {ms(by_cause[cause]):.1f} | {100 * by_cause[cause] / total:.0f}% |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
