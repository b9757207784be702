package ptj.slurmrunner.policy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import ptj.slurmrunner.intent.Intent;
import ptj.slurmrunner.messages.Messages;

/**
 * Plans waiting for a yes/no. A choice id is {@code <planId>:yes} or {@code <planId>:no} (Slack puts it in a button
 * value). A plan is bound to the person who asked, expires (default 10 minutes), and can be taken once: a second
 * click, a replayed event or a click after expiry is refused. Only the owner's click consumes it. Kept in memory:
 * after a restart every old choice id is unknown, which refuses it too.
 */
public final class PlanStore {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    private static final int MAX_REMEMBERED = 10_000;

    /** A plan the user has been asked about; {@code conversation} is the front end's key for where it was asked. */
    public record Pending(String id, String owner, String conversation, Instant createdAt, Instant expiresAt,
                          Intent intent, Plan plan) {}

    public enum Verb { YES, NO }

    public sealed interface Taken permits Ok, Refused {}

    public record Ok(Pending pending, Verb verb) implements Taken {}

    /** {@code code}: unknown_choice, used, expired, not_owner; {@code message} Korean. */
    public record Refused(String code, String message) implements Taken {}

    private final Clock clock;
    private final Duration ttl;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Set<String> used = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_REMEMBERED;
        }
    });

    public PlanStore(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    public PlanStore() {
        this(Clock.systemUTC(), DEFAULT_TTL);
    }

    public synchronized Pending put(String owner, String conversation, Intent intent, Plan plan) {
        purgeExpired();
        byte[] b = new byte[12];
        random.nextBytes(b);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Instant now = clock.instant();
        Pending p = new Pending(id, owner, conversation, now, now.plus(ttl), intent, plan);
        pending.put(id, p);
        return p;
    }

    public static String yesId(Pending p) {
        return p.id() + ":yes";
    }

    public static String noId(Pending p) {
        return p.id() + ":no";
    }

    /** Atomically takes the plan behind {@code choiceId} for {@code userId}, or says why not. */
    public synchronized Taken take(String choiceId, String userId) {
        int colon = choiceId == null ? -1 : choiceId.lastIndexOf(':');
        if (colon <= 0) return refused("unknown_choice");
        String id = choiceId.substring(0, colon);
        String verbText = choiceId.substring(colon + 1);
        Verb verb = switch (verbText) {
            case "yes" -> Verb.YES;
            case "no" -> Verb.NO;
            default -> null;
        };
        if (verb == null) return refused("unknown_choice");
        if (used.contains(id)) return refused("used");
        Pending p = pending.get(id);
        if (p == null) return refused("unknown_choice");
        if (!p.owner().equals(userId)) return refused("not_owner");
        pending.remove(id);
        used.add(id);
        if (!clock.instant().isBefore(p.expiresAt())) return refused("expired");
        return new Ok(p, verb);
    }

    /** The newest still-open plan asked in {@code conversation} by {@code owner} (the console's "예" answers it). */
    public synchronized java.util.Optional<Pending> latest(String owner, String conversation) {
        purgeExpired();
        Pending last = null;
        for (Pending p : pending.values()) {
            if (p.owner().equals(owner) && p.conversation().equals(conversation)) last = p;
        }
        return java.util.Optional.ofNullable(last);
    }

    public synchronized int size() {
        return pending.size();
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        pending.values().removeIf(p -> {
            boolean gone = !now.isBefore(p.expiresAt());
            if (gone) used.add(p.id());
            return gone;
        });
    }

    private static Refused refused(String code) {
        return new Refused(code, Messages.get("core.confirm." + code));
    }
}
