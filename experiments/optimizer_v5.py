"""v5 optimizer: random search over MA windows and exit parameters, scored by Sharpe.

    python experiments/optimizer_v5.py --trials 40 --seed 11
Results: data/results/analysis/optimizer_v5_<job>_trials.csv (one row per trial: RESULTS_CHART) and
optimizer_v5_<job>_best.json (the best trial's flat metrics: RESULTS_SUMMARY)
"""

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from ptj_lab import cli, data, exits, metrics, results, strategy  # noqa: E402

FIELDS = ["trial", "fast", "slow", "stopLoss", "takeProfit", "maxHold", "trades", "totalReturn", "sharpe",
          "maxDrawdown"]


def main(argv=None):
    p = cli.parser("ptj_stock_lab v5 optimizer")
    p.add_argument("--trials", type=int, default=40)
    args = p.parse_args(argv)
    job = cli.start(args, "optimizer_v5")
    rng = random.Random(args.seed)
    days = data.trading_days(args.start, args.end)
    series = {s: data.prices(s, days, args.seed) for s in args.symbols.split(",")}
    rows = []
    for trial in range(args.trials):
        fast = rng.randint(5, 20)
        slow = rng.randint(fast + 10, 80)
        rule = exits.ExitRule(rng.choice([0.03, 0.05, 0.08]), rng.choice([0.06, 0.1, 0.15]), rng.choice([10, 20, 40]))
        trades = [t for px in series.values() for t in strategy.run(days, px, fast, slow, rule)]
        rows.append(dict(rule.as_dict(), trial=trial, fast=fast, slow=slow, **metrics.summarize(trades)))
        if trial == args.trials // 2:
            cli.maybe_fail(args, f"optimizer_v5 at trial {trial}")
    best = max(rows, key=lambda r: r["sharpe"])
    results.write_csv(results.ANALYSIS, f"optimizer_v5_{job}_trials.csv", rows, FIELDS)
    results.write_json(results.ANALYSIS, f"optimizer_v5_{job}_best.json", dict(best, job=job, trials=len(rows)))
    print(f"[optimizer_v5] best trial {best['trial']} sharpe={best['sharpe']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
