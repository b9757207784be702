package ptj.slurmrunner.watch;

import java.util.LinkedHashSet;
import java.util.Set;
import ptj.slurmrunner.bot.Origin;

/**
 * One job the watcher follows, as persisted in {@code watch-jobs.json}. Mutated only under the watcher's lock.
 * {@code notified} holds the notices already posted (PENDING, RUNNING, END, COLLECT, DISCONNECTED…) so none is
 * posted twice, across restarts too.
 */
final class TrackedJob {
    enum Source { BOT, JOBFILE }
    enum Collect { NONE, PENDING, DONE, FAILED }

    public String jobId;
    public String profile;
    public String userId;
    public String channelId;
    public String threadTs;
    public boolean collectWhenDone;
    public Source source = Source.BOT;
    public long submittedAt;
    public long lastChangeAt;
    /** A sweep's task counts its card last showed ("⏳ 3 · 🏃 10 · ✅ 6 · ❌ 1"); null for a plain job. */
    public String sweepCounts;
    /** When the sweep's card was last edited for its counts (the watcher's clock, ms). */
    public long sweepCardAt;
    public String state = "SUBMITTED";
    public String rawState;
    public String reason;
    public String nodes;
    public String elapsed;
    public String exitCode;
    public String startEstimate;
    public long endedAt;
    public int unaccountedPolls;
    /** When a poll first saw this job ended without its accounting record (bot clock, ms; 0 = not yet). */
    public long unaccountedSince;
    public int failedPosts;
    public Collect collect = Collect.NONE;
    public Set<String> notified = new LinkedHashSet<>();
    /** Run dir relative to REMOTE_DIR ({@code runs/PROFILE-…}) where the template writes its markers; null = unknown. */
    public String runDir;
    /** From the job's marker (node clock, epoch s) and its exit code; null until the marker loop saw them. */
    public Long markerStart;
    public Integer markerExit;
    /** The marker loop reported array tasks ({@code <id>_<n>}) for this id: the poller follows it as before. */
    public boolean arrayTasks;
    /** A poll after {@code pendingNoticeAfter} has looked at this job (event mode asks squeue only once for it). */
    public boolean pendingChecked;
    /** The requester's own watch/collect in the job's thread already showed it COMPLETED: no end notice, card only. */
    public boolean endReported;

    Origin origin() {
        return channelId == null ? null : new Origin(userId, channelId, threadTs);
    }

    boolean concluded() {
        return notified.contains("END") || (source == Source.JOBFILE && JobSnapshot.isEnded(state) && endedAt > 0);
    }
}
