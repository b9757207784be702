"""v5 backtest: MA crossover with exit rules on synthetic prices; writes trades and a summary.

    python simulation/backtests/backtest_v5.py --start 2020-01-01 --end 2025-12-31 --seed 7
Results: data/results/backtests/backtest_v5_<job>_trades.csv (in closing order, with the cumulative return the
profile's RESULTS_CHART draws) and backtest_v5_<job>_summary.json (a flat object of metrics: RESULTS_SUMMARY)
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from ptj_lab import cli, data, exits, metrics, results, strategy  # noqa: E402

FIELDS = ["symbol", "entry", "exit", "entryPrice", "exitPrice", "ret", "reason", "cumReturn"]


def backtest(start, end, seed, symbols, rule, fast=10, slow=40):
    days = data.trading_days(start, end)
    trades = []
    for sym in symbols:
        for t in strategy.run(days, data.prices(sym, days, seed), fast, slow, rule):
            t["symbol"] = sym
            trades.append(t)
    return trades


def main(argv=None):
    p = cli.parser("ptj_stock_lab v5 backtest")
    p.add_argument("--stop-loss", type=float, default=0.05)
    p.add_argument("--take-profit", type=float, default=0.10)
    p.add_argument("--max-hold", type=int, default=20)
    args = p.parse_args(argv)
    job = cli.start(args, "backtest_v5")
    rule = exits.ExitRule(args.stop_loss, args.take_profit, args.max_hold)
    trades = backtest(args.start, args.end, args.seed, args.symbols.split(","), rule)
    cli.maybe_fail(args, "backtest_v5 after simulation")
    summary = metrics.summarize(trades)
    summary.update({"job": job, "start": args.start, "end": args.end, "seed": args.seed}, **rule.as_dict())
    results.write_csv(results.BACKTESTS, f"backtest_v5_{job}_trades.csv", metrics.cumulative(trades), FIELDS)
    results.write_json(results.BACKTESTS, f"backtest_v5_{job}_summary.json", summary)
    print(f"[backtest_v5] trades={summary['trades']} totalReturn={summary['totalReturn']} sharpe={summary['sharpe']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
