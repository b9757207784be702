package ptj.slurmrunner.slack;

import java.util.Locale;
import java.util.regex.Pattern;
import ptj.slurmrunner.bot.Card;

/**
 * Every Block Kit action and block id the bot puts on a message, in one place, so listeners (ours and the results /
 * App Home ones) match exactly what the renderer wrote.
 *
 * <ul>
 *   <li>{@code slurm_choice_<n>} in block {@code slurm_choices[:<owner>]}: a confirmation's 예/아니오 (single-use,
 *       requester-only plan ids) or a notice's shortcut; the value is the core's choice id.</li>
 *   <li>{@code slurm_step_<verb>} in block {@code slurm_steps}: a card's next step (로그 · 상태 · 결과 수집 · 취소 ·
 *       다시 실행 · 복구); the value is {@code act:<verb>:<profile>:<jobId>[:K=V,…]} and the core turns it into the
 *       Intent a person would type, through the same policy.</li>
 * </ul>
 */
public final class ActionIds {
    public static final String CHOICES_BLOCK = "slurm_choices";
    public static final String CHOICE_PREFIX = "slurm_choice_";
    public static final Pattern CHOICE = Pattern.compile("^" + CHOICE_PREFIX + "\\d+$");

    public static final String STEPS_BLOCK = "slurm_steps";
    /** Opens the run modal for the profile in the button's value (slack/home/RunModal handles it). */
    public static final String OPEN_RUN_MODAL = "open_run_modal";
    public static final String STEP_PREFIX = "slurm_step_";
    public static final Pattern STEP = Pattern.compile("^" + STEP_PREFIX + "[a-z]+$");

    private ActionIds() {}

    public static String step(Card.Verb verb) {
        return STEP_PREFIX + verb.name().toLowerCase(Locale.ROOT);
    }

    public static String choice(int index) {
        return CHOICE_PREFIX + index;
    }
}
