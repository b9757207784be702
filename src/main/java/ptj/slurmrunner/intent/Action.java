package ptj.slurmrunner.intent;

import java.util.Locale;
import java.util.Optional;

/**
 * The fixed action vocabulary (DESIGN.md "Action vocabulary"). Nothing outside this enum can ever be run:
 * the LLM may only name one of these, and each maps to at most one make target.
 */
public enum Action {
    RUN, FULL, STATUS, WATCH, LOG, COLLECT, RECOVER, CLEAN, CANCEL, PUSH, SUBMIT,
    IMAGE_REFRESH, IMAGE_BUILD, IMAGE_PUSH, IMAGE_SETUP, IMAGE_STATUS,
    PROFILES, SHOW, HISTORY, COMPARE, SWEEP, HELP, UNKNOWN;

    /** Wire name used in JSON and by the LLM: {@code image-refresh}, {@code run}, … */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code slurm-<action>} for actions backed by a make target; empty for history/compare/help/unknown. */
    public Optional<String> makeTarget() {
        return switch (this) {
            case HISTORY, COMPARE, HELP, UNKNOWN -> Optional.empty();
            default -> Optional.of("slurm-" + wireName());
        };
    }

    public static Optional<Action> fromWireName(String name) {
        if (name == null) return Optional.empty();
        for (Action a : values()) {
            if (a.wireName().equals(name.trim().toLowerCase(Locale.ROOT))) return Optional.of(a);
        }
        return Optional.empty();
    }
}
