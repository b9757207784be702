"""Deterministic synthetic daily prices (geometric random walk with regimes)."""

import datetime as dt
import math
import random


def trading_days(start, end):
    d0 = dt.date.fromisoformat(start)
    d1 = dt.date.fromisoformat(end)
    if d1 < d0:
        raise ValueError(f"end {end} is before start {start}")
    days = []
    d = d0
    while d <= d1:
        if d.weekday() < 5:
            days.append(d)
        d += dt.timedelta(days=1)
    return days


def prices(symbol, days, seed):
    rng = random.Random(f"{symbol}:{seed}")
    p = 100.0
    drift, vol = 0.0003, 0.015
    out = []
    for i, _ in enumerate(days):
        if i % 120 == 0:
            drift = rng.uniform(-0.0008, 0.0012)
            vol = rng.uniform(0.008, 0.025)
        p *= math.exp(drift - vol * vol / 2 + vol * rng.gauss(0, 1))
        out.append(round(p, 4))
    return out
