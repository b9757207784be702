package ptj.slurmrunner.diagnose;

import java.util.List;

/**
 * Why a job ended badly, in Korean. {@code cause} is a stable code (python_exception, out_of_memory, timeout,
 * node_fail, cancelled, module_not_found, container_*, unknown…), {@code summary} one Korean line, {@code hint}
 * the next step, {@code evidence} the log lines that led to it (e.g. the exception line and user file:line).
 */
public record Diagnosis(String cause, String summary, String hint, List<String> evidence) {
    public Diagnosis {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
