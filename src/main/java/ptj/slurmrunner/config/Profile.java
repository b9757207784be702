package ptj.slurmrunner.config;

import java.util.List;

/**
 * One {@code slurm/profiles/NAME.conf} (docs/toolkit-contract.md "Profile files"), values as written.
 * Absent keys are null (strings, {@code cpus}) or empty (lists); {@code template} defaults to "default".
 * {@code partition}/{@code account} null mean "the cluster.conf default" ({@code all}/{@code default}).
 * Values are not validated here: the toolkit refuses a bad profile with {@code invalid_profile}.
 */
public record Profile(String name, String description, String script, String scriptArgs, Integer cpus, String mem,
                      String time, String partition, String account, String template, boolean container,
                      List<String> codeFiles, List<String> resultsPull) {

    public Profile {
        codeFiles = codeFiles == null ? List.of() : List.copyOf(codeFiles);
        resultsPull = resultsPull == null ? List.of() : List.copyOf(resultsPull);
        template = template == null || template.isBlank() ? "default" : template;
    }

    /** File name of the script without directories: {@code backtest_v5.py}. */
    public String scriptFileName() {
        if (script == null) return null;
        int slash = script.lastIndexOf('/');
        return slash < 0 ? script : script.substring(slash + 1);
    }
}
