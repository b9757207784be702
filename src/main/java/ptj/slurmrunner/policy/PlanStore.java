package ptj.slurmrunner.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ptj.slurmrunner.config.StateFiles;
import ptj.slurmrunner.intent.Intent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.messages.Messages;

/**
 * Plans waiting for a yes/no. A choice id is {@code <planId>:yes} or {@code <planId>:no} (Slack puts it in a button
 * value). A plan is bound to the person who asked, expires (default 10 minutes), and can be taken once: a second
 * click, a replayed event or a click after expiry is refused. Only the owner's click consumes it.
 * <p>With a file ({@link #persistent}) the open plans and the ids already taken survive a restart: every change
 * rewrites the file (temp file + atomic move, so a crash leaves the old or the new file, never half of one), and a
 * card asked before a restart can be clicked after it under the same rules — the click's state re-check happens in
 * the pipeline as always. A file that cannot be read is moved aside ({@code .corrupt-<millis>}) with one log line
 * and the store starts empty: its cards are then refused as unknown, which fails closed. Without a file (the
 * console) plans live in memory only, so a new console session never answers an old session's question.
 */
public final class PlanStore {
    private static final Logger log = LoggerFactory.getLogger(PlanStore.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // isSure(), isEmpty() … are written, not read
        .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
        .build();
    /** Used ids written to the file: enough to say "already used" for any card still on a screen. */
    private static final int USED_KEPT_ON_DISK = 1000;
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
    private final Path file;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Set<String> used = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_REMEMBERED;
        }
    });

    public PlanStore(Clock clock, Duration ttl) {
        this(clock, ttl, null);
    }

    private PlanStore(Clock clock, Duration ttl, Path file) {
        this.clock = clock;
        this.ttl = ttl;
        this.file = file;
        if (file != null) load();
    }

    /** A store kept in {@code file} (normally {@code <state dir>/pending-plans.json}); loads what is there. */
    public static PlanStore persistent(Clock clock, Duration ttl, Path file) {
        return new PlanStore(clock, ttl, file);
    }

    /** On-disk form: the open plans and the ids already taken (oldest first). */
    record Saved(int version, List<Entry> pending, List<String> used) {}

    /** One open plan on disk; times as epoch milliseconds (no java.time module for Jackson here). */
    record Entry(String id, String owner, String conversation, long createdAt, long expiresAt, Intent intent,
                 Plan plan) {
        static Entry of(Pending p) {
            return new Entry(p.id(), p.owner(), p.conversation(), p.createdAt().toEpochMilli(),
                p.expiresAt().toEpochMilli(), p.intent(), p.plan());
        }

        Pending pending() {
            return new Pending(id, owner, conversation, Instant.ofEpochMilli(createdAt), Instant.ofEpochMilli(expiresAt),
                intent, plan);
        }
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
        save();
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
        save();
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
        boolean changed = pending.values().removeIf(p -> {
            boolean gone = !now.isBefore(p.expiresAt());
            if (gone) used.add(p.id());
            return gone;
        });
        if (changed) save();
    }

    /** Writes the file again (also called at shutdown; every change already wrote it). */
    public synchronized void flush() {
        save();
    }

    private void save() {
        if (file == null) return;
        List<String> usedList = new ArrayList<>(used);
        if (usedList.size() > USED_KEPT_ON_DISK) {
            usedList = usedList.subList(usedList.size() - USED_KEPT_ON_DISK, usedList.size());
        }
        try {
            StateFiles.writeAtomically(file,
                JSON.writeValueAsBytes(new Saved(1, pending.values().stream().map(Entry::of).toList(), usedList)));
        } catch (IOException e) {
            // the plan still works until a restart; say so once per failure, never fail the request
            log.error("pending plans: cannot write {}: {}", file, e.toString());
        }
    }

    private void load() {
        if (!Files.exists(file)) return;
        try {
            Saved s = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), Saved.class);
            if (s == null || s.pending() == null) throw new IOException("no pending list");
            if (s.used() != null) used.addAll(s.used());
            for (Entry e : s.pending()) {
                if (e == null || e.id() == null || e.owner() == null || e.conversation() == null
                        || e.intent() == null || e.plan() == null) {
                    throw new IOException("incomplete plan entry");
                }
                if (!used.contains(e.id())) pending.put(e.id(), e.pending());
            }
            log.info("pending plans: {} restored from {}", pending.size(), file);
        } catch (IOException | RuntimeException e) {
            pending.clear();
            used.clear();
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + clock.millis());
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                aside = null;
            }
            log.error("pending plans: {} unreadable ({}); set aside as {}, starting with none", file,
                e.getClass().getSimpleName(), aside);
        }
    }

    private static Refused refused(String code) {
        return new Refused(code, Messages.get("core.confirm." + code));
    }
}
