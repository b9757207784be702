package ptj.slurmrunner.policy;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Who asks, and whether they may clean, cancel and rebuild images. */
public record Requester(String userId, boolean admin) {

    /**
     * SLURM_RUNNER_ADMINS (comma-separated user ids): when empty, everybody is admin (a small team's default);
     * the console user is always admin (whoever sits at the terminal owns the checkout).
     */
    public static Requester of(String userId, String adminsEnv) {
        if ("console".equals(userId)) return new Requester(userId, true);
        Set<String> admins = adminsEnv == null ? Set.of()
            : Arrays.stream(adminsEnv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        return new Requester(userId, admins.isEmpty() || admins.contains(userId));
    }
}
