package ptj.slurmrunner.slack.cards;

import ptj.slurmrunner.bot.Card;

/** Test access to {@link JobCards#merge} from other test packages. */
public final class JobCardsAccess {
    private JobCardsAccess() {}

    public static Card merge(Card card, Card notice) {
        return JobCards.merge(card, notice);
    }
}
