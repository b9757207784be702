package ptj.slurmrunner.watch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import ptj.slurmrunner.messages.Messages;

/**
 * What a finished job used against what it asked for, like {@code seff}: CPU efficiency
 * = TotalCPU / (Elapsed × AllocCPUS), peak memory = the largest MaxRSS of its steps against ReqMem.
 * Advice only: the watcher never changes a profile's resources.
 */
public record Efficiency(double totalCpuSeconds, double elapsedSeconds, int allocCpus, long maxRssBytes,
                         long reqMemBytes) {

    public double cpuPercent() {
        double wall = elapsedSeconds * allocCpus;
        return wall <= 0 ? 0 : 100.0 * totalCpuSeconds / wall;
    }

    public double memPercent() {
        return reqMemBytes <= 0 ? 0 : 100.0 * maxRssBytes / reqMemBytes;
    }

    /** The Korean efficiency line plus at most two advice lines. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(Messages.get("watch.notice.efficiency",
                String.format(Locale.ROOT, "%.1f", cpuPercent()), allocCpus, SlurmFormats.hms(elapsedSeconds),
                SlurmFormats.hms(totalCpuSeconds), SlurmFormats.human(maxRssBytes),
                reqMemBytes > 0 ? SlurmFormats.human(reqMemBytes) : "?",
                String.format(Locale.ROOT, "%.0f", memPercent())));
        // Below a minute the numbers say more about start-up than about the code: no advice then.
        if (elapsedSeconds >= 60 && allocCpus > 1 && cpuPercent() < 50) out.add(Messages.get("watch.notice.advice.cpu_low"));
        if (reqMemBytes > 0 && elapsedSeconds >= 60 && memPercent() < 25) {
            out.add(Messages.get("watch.notice.advice.mem_low", String.format(Locale.ROOT, "%.0f", memPercent())));
        }
        if (reqMemBytes > 0 && memPercent() >= 90) {
            out.add(Messages.get("watch.notice.advice.mem_high", String.format(Locale.ROOT, "%.0f", memPercent())));
        }
        return out;
    }
}
