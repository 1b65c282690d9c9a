#!/usr/bin/env python3
"""Aggregates `jfr print --stack-depth 64 --events jdk.ExecutionSample` output: samples by thread group,
by top (self) frame, by component anywhere on the stack (inclusive) and by the first io.flows frame."""
import re
import sys
from collections import Counter

samples = []
thread, stack, in_stack = None, [], False
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    s = line.strip()
    if s.startswith("sampledThread"):
        m = re.search(r'"(.*)"', s)
        thread = m.group(1) if m else "?"
    elif s.startswith("stackTrace = ["):
        in_stack, stack = True, []
    elif in_stack and s == "]":
        in_stack = False
        samples.append((thread, stack))
    elif in_stack and s and s != "...":
        stack.append(re.sub(r"\s+line:.*$", "", s))

n = len(samples)
def group(t):
    return re.sub(r"\d+", "#", t or "?")
def pct(c):
    return f"{100.0 * c / n:5.1f} %"

COMPONENTS = [
    ("GraalJS/Truffle", ("com.oracle.truffle", "com.oracle.js", "org.graalvm")),
    ("Jackson", ("com.fasterxml.jackson",)),
    ("H2", ("org.h2.",)),
    ("PostgreSQL JDBC", ("org.postgresql",)),
    ("HikariCP", ("com.zaxxer.hikari",)),
    ("Micronaut Data/JDBC", ("io.micronaut.data",)),
    ("Netty", ("io.netty",)),
    ("Micronaut HTTP/core", ("io.micronaut.http", "io.micronaut.core", "io.micronaut.context", "io.micronaut.web")),
    ("Micrometer", ("io.micrometer", "io.micronaut.configuration.metrics")),
    ("Camel", ("org.apache.camel",)),
    ("Apache HttpClient 5", ("org.apache.hc",)),
    ("io.flows", ("io.flows",)),
    ("java.util.regex", ("java.util.regex",)),
    ("JDK sockets/NIO", ("sun.nio.ch", "java.net.", "sun.net.")),
]
print(f"samples: {n}")
print()
print("by thread group:")
for t, c in Counter(group(t) for t, _ in samples).most_common(15):
    print(f"  {pct(c)}  {c:5d}  {t}")
print()
print("by component anywhere on the stack (inclusive; a sample can count for several):")
inc = Counter()
for _, st in samples:
    for name, prefixes in COMPONENTS:
        if any(f.startswith(prefixes) for f in st):
            inc[name] += 1
for name, c in inc.most_common():
    print(f"  {pct(c)}  {c:5d}  {name}")
print()
print("top self frames:")
for f, c in Counter(st[0] if st else "?" for _, st in samples).most_common(25):
    print(f"  {pct(c)}  {c:5d}  {f}")
print()
print("first io.flows frame from the top (who caused the work):")
first = Counter()
for _, st in samples:
    f = next((x for x in st if x.startswith("io.flows")), "(no io.flows frame)")
    first[f] += 1
for f, c in first.most_common(20):
    print(f"  {pct(c)}  {c:5d}  {f}")
print()
print("per thread group, top 6 self frames:")
by_group = {}
for t, st in samples:
    by_group.setdefault(group(t), Counter())[st[0] if st else "?"] += 1
for g, cnt in sorted(by_group.items(), key=lambda kv: -sum(kv[1].values()))[:6]:
    print(f"  {g} ({sum(cnt.values())}):")
    for f, c in cnt.most_common(6):
        print(f"      {c:5d}  {f}")
