"""Exit-parameter study: runs the v5 backtest over a grid of stop-loss / take-profit / holding days.

    python experiments/study_exit_params.py --grid experiments/exit_grid.json
Results: data/results/analysis/exit_params_<job>.csv (one row per combination: RESULTS_CHART draws its sharpe),
exit_params_<job>_best.json (the best combination's flat metrics: RESULTS_SUMMARY) and the best run's trades in
data/results/backtests/exit_params_<job>_best_trades.csv
"""

import itertools
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "simulation", "backtests"))

from ptj_lab import cli, exits, metrics, results  # noqa: E402
import backtest_v5  # noqa: E402

FIELDS = ["stopLoss", "takeProfit", "maxHold", "trades", "totalReturn", "winRate", "sharpe", "maxDrawdown"]


def main(argv=None):
    p = cli.parser("ptj_stock_lab exit parameter study")
    p.add_argument("--grid", default="experiments/exit_grid.json")
    args = p.parse_args(argv)
    job = cli.start(args, "study_exit_params")
    with open(args.grid, encoding="utf-8") as f:
        grid = json.load(f)
    rows, best, best_trades = [], None, []
    symbols = args.symbols.split(",")
    for sl, tp, hold in itertools.product(grid["stopLoss"], grid["takeProfit"], grid["maxHold"]):
        rule = exits.ExitRule(sl, tp, hold)
        trades = backtest_v5.backtest(args.start, args.end, args.seed, symbols, rule)
        row = dict(rule.as_dict(), **metrics.summarize(trades))
        rows.append(row)
        if best is None or row["sharpe"] > best["sharpe"]:
            best, best_trades = row, trades
        cli.maybe_fail(args, f"study_exit_params at sl={sl} tp={tp} hold={hold}")
    print(f"[study_exit_params] {len(rows)} combinations", flush=True)
    results.write_csv(results.ANALYSIS, f"exit_params_{job}.csv", rows, FIELDS)
    results.write_json(results.ANALYSIS, f"exit_params_{job}_best.json", dict(best, job=job, combinations=len(rows)))
    results.write_csv(results.BACKTESTS, f"exit_params_{job}_best_trades.csv", metrics.cumulative(best_trades),
                      backtest_v5.FIELDS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
