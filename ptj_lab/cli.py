"""Arguments every research script shares, including the test hooks --sleep and --fail."""

import argparse
import os
import sys
import time


def parser(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--start", default="2020-01-01", help="first trading day (YYYY-MM-DD)")
    p.add_argument("--end", default="2025-12-31", help="last trading day (YYYY-MM-DD)")
    p.add_argument("--seed", type=int, default=7, help="random seed of the synthetic prices")
    p.add_argument("--symbols", default="PTJA,PTJB,PTJC", help="comma-separated symbols")
    p.add_argument("--sleep", type=float, default=0.0, help="seconds to sleep before working (tests)")
    p.add_argument("--fail", action="store_true", help="raise an error mid-run (tests)")
    p.add_argument("--fail-seed", type=int, default=None,
                   help="raise an error mid-run when --seed equals this (tests: one failing task of a sweep)")
    return p


def start(args, name):
    job = os.environ.get("SLURM_JOB_ID", "local")
    # a task of a sweep (array job) is named ARRAYID_INDEX, e.g. 812_3, like its log files (%A_%a)
    if os.environ.get("SLURM_ARRAY_JOB_ID") and os.environ.get("SLURM_ARRAY_TASK_ID"):
        job = f"{os.environ['SLURM_ARRAY_JOB_ID']}_{os.environ['SLURM_ARRAY_TASK_ID']}"
    cpus = os.environ.get("SLURM_CPUS_PER_TASK", "?")
    print(f"[{name}] job={job} cpus={cpus} python={sys.version.split()[0]} cwd={os.getcwd()}", flush=True)
    if args.sleep > 0:
        print(f"[{name}] sleeping {args.sleep}s", flush=True)
        time.sleep(args.sleep)
    return job


def maybe_fail(args, where):
    if args.fail or (args.fail_seed is not None and args.fail_seed == args.seed):
        raise RuntimeError(f"requested failure (--fail) in {where}")
