"""Performance figures of a list of trades."""

import math


def summarize(trades):
    rets = [t["ret"] for t in trades]
    n = len(rets)
    if n == 0:
        return {"trades": 0, "totalReturn": 0.0, "winRate": 0.0, "sharpe": 0.0, "maxDrawdown": 0.0}
    equity, peak, mdd = 1.0, 1.0, 0.0
    for r in rets:
        equity *= 1 + r
        peak = max(peak, equity)
        mdd = max(mdd, 1 - equity / peak)
    mean = sum(rets) / n
    sd = math.sqrt(sum((r - mean) ** 2 for r in rets) / n) if n > 1 else 0.0
    return {
        "trades": n,
        "totalReturn": round(equity - 1, 6),
        "winRate": round(sum(1 for r in rets if r > 0) / n, 4),
        "sharpe": round(mean / sd * math.sqrt(n), 4) if sd > 0 else 0.0,
        "maxDrawdown": round(mdd, 6),
    }


def cumulative(trades):
    """The trades in the order they closed, each with cumReturn: the compounded return of all trades so far."""
    out, equity = [], 1.0
    for t in sorted(trades, key=lambda t: (t["exit"], t.get("symbol", ""))):
        equity *= 1 + t["ret"]
        out.append(dict(t, cumReturn=round(equity - 1, 6)))
    return out
