package ptj.slurmrunner.policy;

import java.util.List;

/** The seed's "[Profile 확인]" block, from {@code make slurm-show OUTPUT=json}. {@code container} null = none. */
public record ProfileCard(String name, String description, String script, String args, String cpus, String mem,
                          String time, String partition, String account, String container, int codeFiles,
                          List<String> results) {
    public ProfileCard {
        results = results == null ? List.of() : List.copyOf(results);
    }
}
