#!/usr/bin/env python3
"""Summarises an async-profiler collapsed profile taken with the `threads` option (bench/profile.sh).

Prints the share of samples by thread pool, by the package of the leaf frame, by io.flows method inclusive, and by
the innermost io.flows frame of each stack (what our code costs including the library code it calls)."""
import collections
import re
import sys

TOP = 30


def pool(thread):
    # "[flows-worker-3 tid=123]" -> "flows-worker"
    name = re.sub(r"\s+tid=\d+$", "", thread.strip("[]"))
    return re.sub(r"[-#\s]*\d+$", "", name) or name


def package(frame):
    if "/" not in frame:  # async-profiler names Java frames with slashes: java/util/HashMap.get
        return "(native/kernel)"
    parts = re.split(r"[/.]", frame)
    classes = [p for p in parts if p[:1].isupper()]
    head = parts[: parts.index(classes[0])] if classes else parts[:-1]
    return ".".join(head[:3])


def flows_frames(stack):
    return [f for f in stack if f.startswith(("io/flows/", "io.flows."))]


def show(title, counter, total, top=TOP):
    print(f"\n{title}")
    for key, n in counter.most_common(top):
        print(f"  {100.0 * n / total:5.1f}%  {key}")


def main(path):
    by_pool, by_package, inclusive, innermost = (collections.Counter() for _ in range(4))
    total = 0
    with open(path) as f:
        for line in f:
            stack_text, _, count = line.rstrip("\n").rpartition(" ")
            if not stack_text:
                continue
            n = int(count)
            stack = stack_text.split(";")
            total += n
            by_pool[pool(stack[0])] += n
            by_package[package(stack[-1])] += n
            ours = flows_frames(stack)
            for frame in set(ours):
                inclusive[frame] += n
            innermost[ours[-1] if ours else "(no io.flows frame) " + pool(stack[0])] += n
    if not total:
        sys.exit("no samples in " + path)
    print(f"{total} samples")
    show("by thread pool", by_pool, total, 15)
    show("by package of the leaf frame (self)", by_package, total, 20)
    show("io.flows methods, inclusive", inclusive, total, 40)
    show("by innermost io.flows frame (self of our code and the library code it calls)", innermost, total, 40)


if __name__ == "__main__":
    main(sys.argv[1])
