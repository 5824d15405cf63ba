"""Subcommand ``bench``: run the benchmark suites and print their figures and goals."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..benchmarks import SUITES, machine, run_suite
from ..benchmarks import numeric as numeric_benchmark
from ..errors import InvalidArgumentError

__all__ = ["register"]


def register(subparsers: Any) -> None:
    bench = subparsers.add_parser("bench", help="run the speed benchmarks (ratios measured in one run)")
    bench.add_argument(
        "suites", nargs="*", metavar="SUITE", help=f"suites to run (default: all of {', '.join(SUITES)})"
    )
    bench.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke test")
    bench.add_argument("--json", action="store_true", help="print the results as JSON")
    bench.add_argument(
        "--memory",
        action="store_true",
        help="numeric: the extra peak memory of each function, as a multiple of its input, instead of speed",
    )
    bench.set_defaults(run=run_bench)


def run_bench(arguments: argparse.Namespace) -> int:
    unknown = [name for name in arguments.suites if name not in SUITES]
    if unknown:
        raise InvalidArgumentError(f"unknown suite(s) {', '.join(unknown)}; known: {', '.join(SUITES)}")
    info = machine()
    if not arguments.json:
        print("machine: " + ", ".join(f"{k} {v}" for k, v in info.items()))
    results = []
    for name in arguments.suites or SUITES:
        if arguments.memory and name == "numeric":
            measurements = numeric_benchmark.memory(arguments.quick)
        else:
            measurements = run_suite(name, quick=arguments.quick)
        for measurement in measurements:
            results.append(measurement)
            if not arguments.json:
                status = {True: "ok", False: "MISSED", None: ""}[measurement.ok]
                goal = f"  goal {measurement.goal}" if measurement.goal else ""
                figure = f"{measurement.value:>12.4g} {measurement.unit:<3}"
                print(f"{name:<12} {measurement.name:<48} {figure}{goal}  {status}")
                sys.stdout.flush()
    if arguments.json:
        print(json.dumps({"machine": info, "measurements": [m.to_dict() for m in results]}, indent=2))
    return 0 if all(m.ok is not False for m in results) else 1
