package ptj.slurmrunner.bot;

/** Unrequested notices (job started/finished/failed) posted later into the thread of the origin. */
public interface NoticeSink {
    void notice(Origin origin, Reply reply);
}
