"""Exit rules: stop loss, take profit, maximum holding days."""


class ExitRule:
    def __init__(self, stop_loss=0.05, take_profit=0.10, max_hold=20):
        if not (0 < stop_loss < 1 and 0 < take_profit < 5 and max_hold > 0):
            raise ValueError(f"bad exit params sl={stop_loss} tp={take_profit} hold={max_hold}")
        self.stop_loss, self.take_profit, self.max_hold = stop_loss, take_profit, max_hold

    def check(self, entry_price, price, held):
        r = price / entry_price - 1
        if r <= -self.stop_loss:
            return "stop_loss"
        if r >= self.take_profit:
            return "take_profit"
        if held >= self.max_hold:
            return "max_hold"
        return None

    def as_dict(self):
        return {"stopLoss": self.stop_loss, "takeProfit": self.take_profit, "maxHold": self.max_hold}
