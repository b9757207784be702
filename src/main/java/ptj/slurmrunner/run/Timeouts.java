package ptj.slurmrunner.run;

import java.time.Duration;

/**
 * How long each make target may take before it is killed: quick reads, medium changes (ssh + rsync + sbatch),
 * long waits (watch/full follow a job to its end; image builds pull and pip install).
 */
public record Timeouts(Duration quick, Duration medium, Duration longer) {
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(90), Duration.ofMinutes(10),
        Duration.ofHours(12));

    public Duration forTarget(String target) {
        return switch (target) {
            case "slurm-status", "slurm-log", "slurm-show", "slurm-profiles", "slurm-image-status", "slurm-cancel" -> quick;
            case "slurm-full", "slurm-watch", "slurm-image-refresh", "slurm-image-build", "slurm-image-push",
                "slurm-image-setup" -> longer;
            default -> medium;
        };
    }
}
