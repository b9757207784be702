package ptj.slurmrunner.slack;

import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Reply;

/**
 * Called after a collect's report was posted into a thread — the 결과 수집 button, a typed "결과 가져와", or the
 * watcher's automatic collect after `full` — with the collect {@link Reply} (its card is
 * {@code Card.Kind.COLLECT}: profile, job id, result files, run dir). {@code where} is the thread: channel and
 * thread ts; {@code where.userId()} is who asked. The result card (metrics, chart upload) hangs here; it runs on the
 * worker that posted the report, after it, and must not throw.
 */
@FunctionalInterface
public interface PostCollectHook {
    void afterCollect(Origin where, Reply collect);

    PostCollectHook NONE = (where, collect) -> { };
}
