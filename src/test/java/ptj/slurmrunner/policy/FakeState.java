package ptj.slurmrunner.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-written ProjectState for policy tests: profiles with the seed's figures, editable job files and states. */
public class FakeState implements ProjectState {
    public final Map<String, ProfileCard> cards = new HashMap<>();
    public final Map<String, String> jobIds = new HashMap<>();
    public final Map<String, String> runDirs = new HashMap<>();
    public final Map<String, String> lastJobs = new HashMap<>();
    public final Map<String, String> states = new HashMap<>();
    /** Array id → task count, as slurm/jobs/*.sweep would say. */
    public final Map<String, Integer> sweeps = new HashMap<>();
    public CleanList clean = new CleanList(List.of(), List.of(), List.of());
    public String unavailable;
    /** Profiles whose .conf exists but cannot be read (name → Korean reason from the toolkit). */
    public final Map<String, String> unreadable = new HashMap<>();
    public int statusCalls;

    public static FakeState seed() {
        FakeState s = new FakeState();
        s.cards.put("backtest_v5", card("backtest_v5", "simulation/backtests/backtest_v5.py", "02:00:00"));
        s.cards.put("optimizer_v5", card("optimizer_v5", "simulation/optimizers/optimizer_v5.py", "04:00:00"));
        s.cards.put("study_exit_params", card("study_exit_params", "experiments/study_exit_params.py", "08:00:00"));
        return s;
    }

    public static ProfileCard card(String name, String script, String time) {
        return new ProfileCard(name, null, script, "", "20", "40G", time, "all", "default", "ptj_stock_lab.sqsh", 10,
            List.of("data/results/backtests/", "data/results/analysis/"));
    }

    @Override
    public List<String> profiles() {
        List<String> names = new ArrayList<>(cards.keySet());
        names.sort(null);
        return names;
    }

    @Override
    public Optional<ProfileCard> profile(String name) throws Unavailable {
        if (unreadable.containsKey(name)) throw new Unavailable("invalid_profile", unreadable.get(name));
        return Optional.ofNullable(cards.get(name));
    }

    @Override
    public Optional<String> trackedJobId(String profile) {
        return Optional.ofNullable(jobIds.get(profile));
    }

    @Override
    public Optional<String> lastJobId(String profile) {
        return Optional.ofNullable(lastJobs.get(profile));
    }

    @Override
    public Optional<String> trackedRunDir(String profile) {
        return Optional.ofNullable(runDirs.get(profile));
    }

    @Override
    public String jobState(String jobId) throws Unavailable {
        statusCalls++;
        if (unavailable != null) throw new Unavailable(unavailable, "ssh: connect to host slurm-dev port 2222: Connection refused");
        return states.getOrDefault(jobId, "UNKNOWN");
    }

    @Override
    public Optional<Integer> sweepTaskCount(String arrayId) {
        return Optional.ofNullable(sweeps.get(arrayId));
    }

    @Override
    public CleanList cleanTargets() throws Unavailable {
        if (unavailable != null) throw new Unavailable(unavailable, "ssh failed");
        return clean;
    }

    @Override
    public String defaultPartition() {
        return "all";
    }

    @Override
    public String defaultAccount() {
        return "default";
    }
}
