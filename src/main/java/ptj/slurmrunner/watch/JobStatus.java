package ptj.slurmrunner.watch;

/**
 * One row of "상태 확인" from the watcher's own data. {@code threadLink} is the Slack permalink of the job's thread
 * ({@code https://slack.com/archives/<channel>/p<ts without dot>}) or null (console, or a job only known from a
 * {@code slurm/jobs/*.jobid} file). {@code requester} is the Slack user id (or "console"), null for file-only jobs.
 * {@code reason}/{@code startEstimate} are set while PENDING. {@code tracking} is "bot" or "jobfile".
 */
public record JobStatus(String jobId, String profile, String requester, String state, String elapsed,
                        String nodes, String reason, String startEstimate, String threadLink, String tracking,
                        boolean active) {

    static String permalink(String channelId, String threadTs) {
        if (channelId == null || threadTs == null || threadTs.isBlank() || "console".equals(channelId)) return null;
        return "https://slack.com/archives/" + channelId + "/p" + threadTs.replace(".", "");
    }
}
