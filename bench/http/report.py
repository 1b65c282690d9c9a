#!/usr/bin/env python3
"""Writes the markdown report of bench/http.sh from its results folder."""
import csv
import glob
import os
import statistics
import sys

res, duration, rounds, warmup = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
NPROC = os.cpu_count() or 2
HZ = os.sysconf("SC_CLK_TCK")

def tsv(name):
    p = os.path.join(res, name)
    return list(csv.DictReader(open(p), delimiter="\t")) if os.path.exists(p) else []

def kv(path):
    d = {}
    for line in open(path):
        if "=" in line:
            k, v = line.strip().split("=", 1)
            d[k] = v
    return d

def med(xs):
    return statistics.median(xs) if xs else float("nan")

def rng(xs, fmt):
    return f"{fmt(med(xs))} ({fmt(min(xs))}–{fmt(max(xs))})" if xs else "–"

f0 = lambda x: f"{x:,.0f}"
f1 = lambda x: f"{x:.1f}"
f2 = lambda x: f"{x:.2f}"

rows = tsv("w1.tsv")
by = {}
for r in rows:
    by.setdefault((r["target"], int(r["conns"])), []).append(r)
targets = list(dict.fromkeys(r["target"] for r in rows))
conns = sorted({int(r["conns"]) for r in rows})

def stats(t, c):
    rs = by.get((t, c), [])
    rps = [int(r["requests"]) / (int(r["duration_us"]) / 1e6) for r in rs if r["duration_us"] not in ("", "0")]
    # answers that were right (wrk's errors include non-2xx statuses, which the script also counts as bad): a
    # target that fails fast must not look faster than one that answers
    good_rps = [(int(r["requests"]) - max(int(r["errors"] or 0), int(r["bad"] or 0))) / (int(r["duration_us"]) / 1e6)
                for r in rs if r["duration_us"] not in ("", "0")]
    p50 = [int(r["p50_us"]) / 1000 for r in rs if r["p50_us"]]
    p99 = [int(r["p99_us"]) / 1000 for r in rs if r["p99_us"]]
    cores, other, cpu_ms, erp_ms = [], [], [], []
    for r in rs:
        window = int(r["total_ticks"]) / NPROC
        if window <= 0:
            continue
        tt, et, bt = int(r["target_ticks"]), int(r["erp_ticks"]), int(r["busy_ticks"])
        cores.append(tt / window)
        other.append((bt - tt - et) / window)
        req = int(r["requests"]) or 1
        cpu_ms.append(tt / HZ * 1000 / req)
        erp_ms.append(et / HZ * 1000 / req)
    bad = sum(int(r["errors"] or 0) + int(r["bad"] or 0) for r in rs)
    total = sum(int(r["requests"] or 0) for r in rs)
    return dict(rps=rps, good_rps=good_rps, p50=p50, p99=p99, cores=cores, other=other, cpu_ms=cpu_ms, erp_ms=erp_ms, bad=bad, total=total)

machine = open(os.path.join(res, "machine.txt")).read().strip().splitlines()
print(f"Results folder: `{res}`. W1: wrk, closed loop, {warmup} s warm-up per target at 64 connections (+5 s at 1), "
      f"then {rounds} rounds × {duration} s per level, targets and levels interleaved; median (min–max) over the rounds. "
      "Every engine request is `POST /api/flows/order-to-erp/executions?wait=true` and must answer 200 with a SUCCEEDED "
      "execution carrying an `erpId` (wrk script `bench/http/order.lua` counts any other answer as bad).")
print()
print("Machine: " + "; ".join(machine))
print()
print("| target | conns | req/s | p50 ms | p99 ms | target JVM cores | target CPU ms/req | ERP stub CPU ms/req | other processes' cores (wrk included) | bad/errors of requests |")
print("|---|---:|---|---|---|---:|---:|---:|---|---|")
S = {}
for c in conns:
    for t in targets:
        s = stats(t, c)
        S[(t, c)] = s
        print(f"| {t} | {c} | {rng(s['rps'], f0)} | {rng(s['p50'], f2)} | {rng(s['p99'], f2)} | {f2(med(s['cores']))} | "
              f"{f2(med(s['cpu_ms']))} | {f2(med(s['erp_ms']))} | {rng(s['other'], f2)} | {s['bad']} of {s['total']:,} |")
print()
base_targets = [t for t in targets if t.startswith("baseline")]
eng_targets = [t for t in targets if t.startswith("engine")]
print("Engine / baseline throughput (median req/s of right answers over the same for the baseline, the faster of its "
      "two variants at that level; answers counted as bad are left out of both):")
print()
print("| conns | " + " | ".join(eng_targets) + " | faster baseline |")
print("|---:|" + "---|" * (len(eng_targets) + 1))
ratio = {}
for c in conns:
    best = max(base_targets, key=lambda b: med(S[(b, c)]["good_rps"])) if base_targets else None
    bm = med(S[(best, c)]["good_rps"]) if best else float("nan")
    cells = []
    for e in eng_targets:
        ratio[(e, c)] = med(S[(e, c)]["good_rps"]) / bm
        cells.append(f"{ratio[(e, c)]:.2f}")
    print(f"| {c} | " + " | ".join(cells) + f" | {best} {f0(bm)} req/s |")
print()

# start-up, RSS
st = tsv("startup.tsv")
print("Start-up to healthy (`GET /health` 200, polled every 50 ms from the process start; fresh data dir / database): "
      + ", ".join(f"{r['name']} {int(r['startup_ms']) / 1000:.1f} s" for r in st) + ".")
print()
rss = tsv("rss-after-w1.tsv")
print("Resident memory after W1 (and the JFR run): "
      + ", ".join(f"{r['name']} RSS {int(r['vmrss_kb']) // 1024} MB (peak {int(r['vmhwm_kb']) // 1024} MB, {r['threads']} threads)" for r in rss) + ".")
print()
for p in sorted(glob.glob(os.path.join(res, "recorded.txt"))):
    print("Recorded: " + open(p).read().strip().replace("\n", "; "))
    print()

# W2
w2 = {}
for p in sorted(glob.glob(os.path.join(res, "w2-*.txt"))):
    w2[os.path.basename(p)[3:-4]] = kv(p)
if w2:
    print("W2: executions of `bench/flows/http-wait-then-erp.yaml` (5 s delay, then POST to the stub) started with "
          "`POST …/executions` (no wait) from 64 concurrent client requests into a fresh service: `cold` right after "
          "start-up, `warm` after a minute of W1 traffic on the same service (peak RSS includes that warm-up).")
    print()
    print("| service | answers | all 202s in | succeeded | first start → last finish | peak threads (before) | peak RSS (VmHWM) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, d in w2.items():
        print(f"| {name} | {d.get('answers')} | {int(d['all_started_ms']) / 1000:.2f} s | {d.get('succeeded')} of {d.get('count')} | "
              f"{int(d['last_finish_ms']) / 1000:.2f} s | {d.get('threads_peak')} ({d.get('threads_before')}) | {d.get('vmhwm_mb')} MB |")
    print()
    for name, d in w2.items():
        if d.get("errors", "{}") != "{}":
            print(f"- {name}, errors of the executions that did not succeed: `{d['errors']}`")
    print()

# summary with verdicts
def verdict(ok):
    return "**pass**" if ok else "**MISS**"
print("Summary against the targets:")
print()
print("| target | measured | verdict |")
print("|---|---|---|")
for e in eng_targets:
    if (e, 64) in S:
        m = med(S[(e, 64)]["rps"])
        print(f"| {e}: ≥ 3,000 req/s at 64 connections, every execution recorded | {f0(m)} req/s | {verdict(m >= 3000)} |")
        p = med(S[(e, 64)]["p99"])
        print(f"| {e}: p99 < 60 ms at 64 connections | {f1(p)} ms | {verdict(p < 60)} |")
    if (e, 16) in S:
        p = med(S[(e, 16)]["p99"])
        print(f"| {e}: p99 < 15 ms at 16 connections | {f1(p)} ms | {verdict(p < 15)} |")
    if (e, 64) in ratio:
        print(f"| {e}: ≥ 0.5 × baseline throughput at 64 connections | {ratio[(e, 64)]:.2f} × | {verdict(ratio[(e, 64)] >= 0.5)} |")
for name, d in w2.items():
    ok = int(d["succeeded"]) == int(d["count"]) and 0 <= int(d["last_finish_ms"]) <= 9000
    print(f"| W2 {name}: all {d['count']} finished within 9 s of the first request | {d['succeeded']} succeeded, last at {int(d['last_finish_ms']) / 1000:.2f} s | {verdict(ok)} |")
    print(f"| W2 {name}: peak RSS < 600 MB | {d['vmhwm_mb']} MB | {verdict(int(d['vmhwm_mb']) < 600)} |")
    print(f"| W2 {name}: < 200 threads | {d['threads_peak']} | {verdict(int(d['threads_peak']) < 200)} |")
print()
for p in sorted(glob.glob(os.path.join(res, "jfr-*.txt"))):
    lines = open(p).read().splitlines()
    print(f"JFR of one W1 run at 64 connections (`{os.path.basename(p)}`, `settings=profile`), first lines:")
    print()
    print("```")
    out, section = [], 0
    for line in lines:
        if line.startswith("top self frames"):
            section = 1
        if line.startswith("first io.flows frame"):
            section = 2
        if line.startswith("per thread group"):
            break
        out.append(line)
    # keep it short: thread groups, components, 12 self frames, 10 io.flows frames
    short, count, mode = [], 0, None
    for line in out:
        if not line.startswith("  "):
            mode, count = line, 0
            short.append(line)
            continue
        count += 1
        if mode.startswith("top self") and count > 12 or mode.startswith("first io.flows") and count > 10:
            continue
        short.append(line)
    print("\n".join(short).strip())
    print("```")
    print()
