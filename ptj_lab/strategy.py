"""Moving-average crossover entries; exits delegated to ptj_lab.exits."""

from ptj_lab import exits


def moving_average(xs, n):
    out, acc = [], 0.0
    for i, x in enumerate(xs):
        acc += x
        if i >= n:
            acc -= xs[i - n]
        out.append(acc / n if i >= n - 1 else None)
    return out


def run(days, px, fast=10, slow=40, exit_rule=None):
    exit_rule = exit_rule or exits.ExitRule()
    f, s = moving_average(px, fast), moving_average(px, slow)
    trades, pos = [], None
    for i in range(1, len(px)):
        if pos is None:
            if f[i] and s[i] and f[i - 1] and s[i - 1] and f[i - 1] <= s[i - 1] and f[i] > s[i]:
                pos = (i, px[i])
            continue
        reason = exit_rule.check(entry_price=pos[1], price=px[i], held=i - pos[0])
        if reason or i == len(px) - 1:
            trades.append({
                "entry": days[pos[0]].isoformat(), "exit": days[i].isoformat(),
                "entryPrice": pos[1], "exitPrice": px[i],
                "ret": round(px[i] / pos[1] - 1, 6), "reason": reason or "end",
            })
            pos = None
    return trades
