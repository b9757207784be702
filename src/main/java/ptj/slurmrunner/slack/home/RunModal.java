package ptj.slurmrunner.slack.home;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.block.element.BlockElements.staticSelect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ptj.slurmrunner.config.Profile;
import ptj.slurmrunner.messages.Messages;
import ptj.slurmrunner.run.MakeVariables;

/**
 * The modal behind "새 작업" (App Home) and "리소스 바꿔서 실행": a profile and optional CPU/MEM/TIME/partition,
 * prefilled with the profile's values. A value of the wrong form comes back as a field error
 * ({@code response_action: errors}) and is never submitted. A valid submit becomes the request a person would type
 * ("backtest_v5 실행 cpus=8 mem=16G"), so the parser and the policy decide exactly as for a message: a confirmation
 * card showing what differs from the profile (rule 7), or a refusal. A field left at the prefilled value is no change.
 */
public final class RunModal {
    public static final String CALLBACK = "run_modal";
    /** Action id for a card button that opens this modal for one profile (value: the profile name). */
    public static final String OPEN_ACTION = ptj.slurmrunner.slack.ActionIds.OPEN_RUN_MODAL;
    static final String PROFILE = "profile";
    /** The profile select: choosing another profile re-opens the fields prefilled with its values (views.update). */
    public static final String PROFILE_ACTION = "run_modal_profile";
    /** Field → make variable, in the order shown. */
    static final Map<String, String> FIELDS = new LinkedHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        FIELDS.put("cpus", "CPUS");
        FIELDS.put("mem", "MEM");
        FIELDS.put("time", "TIME");
        FIELDS.put("partition", "PARTITION");
    }

    /** Where the answer goes (a thread, or the requester's DM when channel is null) and what was prefilled. */
    public record Context(String channel, String threadTs, String prefilledFrom) {}

    /** What a submit asks for: the message for the pipeline, or field errors to send back. */
    public record Submission(String message, Map<String, String> errors, Context context) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private RunModal() {}

    public static View build(List<Profile> profiles, String selected, Context where) {
        Profile sel = profiles.stream().filter(p -> p.name().equals(selected)).findFirst()
            .orElse(profiles.isEmpty() ? null : profiles.get(0));
        List<OptionObject> options = new ArrayList<>();
        for (Profile p : profiles) {
            if (options.size() >= 100) break; // a static select holds 100 options
            options.add(option(plainText(p.name()), p.name()));
        }
        List<LayoutBlock> blocks = new ArrayList<>();
        OptionObject initial = sel == null ? null : option(plainText(sel.name()), sel.name());
        blocks.add(input(i -> i.blockId(PROFILE).dispatchAction(true)
            .label(plainText(Messages.get("results.modal.profile")))
            .element(staticSelect(s -> s.actionId(PROFILE_ACTION).options(options).initialOption(initial)))));
        for (Map.Entry<String, String> f : FIELDS.entrySet()) {
            String prefill = sel == null ? null : value(sel, f.getValue());
            // the block id names the profile: Slack keeps typed input across views.update only for the same block id,
            // so another profile's fields start again from its own values
            String blockId = f.getKey() + ":" + (sel == null ? "" : sel.name());
            blocks.add(input(i -> i.blockId(blockId).optional(true)
                .label(plainText(Messages.get("results.modal.field." + f.getKey())))
                .hint(plainText(Messages.get("results.modal.hint." + f.getKey())))
                .element(plainTextInput(t -> t.actionId(f.getKey()).initialValue(prefill).maxLength(20)))));
        }
        blocks.add(context(List.of(markdownText(Messages.get("results.modal.rule7")))));
        Context ctx = new Context(where.channel(), where.threadTs(), sel == null ? null : sel.name());
        return View.builder().type("modal").callbackId(CALLBACK)
            .title(com.slack.api.model.view.Views.viewTitle(t -> t.type("plain_text").text(Messages.get("results.modal.title"))))
            .submit(com.slack.api.model.view.Views.viewSubmit(t -> t.type("plain_text").text(Messages.get("results.modal.submit"))))
            .close(com.slack.api.model.view.Views.viewClose(t -> t.type("plain_text").text(Messages.get("results.modal.close"))))
            .privateMetadata(metadata(ctx)).blocks(blocks).build();
    }

    /** Reads a submitted view: field errors for malformed values, else the request to hand to the pipeline. */
    public static Submission read(ViewState state, String privateMetadata, List<Profile> profiles) {
        Context ctx = readContext(privateMetadata);
        Map<String, String> errors = new LinkedHashMap<>();
        String profile = selected(state);
        Optional<Profile> chosen = profiles.stream().filter(p -> p.name().equals(profile)).findFirst();
        if (chosen.isEmpty()) {
            errors.put(PROFILE, Messages.get("results.modal.error.profile"));
            return new Submission(null, errors, ctx);
        }
        Optional<Profile> prefilled = profiles.stream().filter(p -> p.name().equals(ctx.prefilledFrom())).findFirst();
        StringBuilder msg = new StringBuilder(chosen.get().name()).append(" 실행");
        for (Map.Entry<String, String> f : FIELDS.entrySet()) {
            String blockId = blockOf(state, f.getKey());
            String v = blockId == null ? null : text(state, blockId, f.getKey());
            if (v == null || v.isBlank()) continue;
            v = v.strip();
            if (!MakeVariables.valid(f.getValue(), v)) {
                errors.put(blockId, Messages.get("results.modal.error." + f.getKey(), v));
                continue;
            }
            // untouched prefill is no request to change anything (rule 7: resources change only when asked)
            if (prefilled.isPresent() && v.equals(value(prefilled.get(), f.getValue()))) continue;
            msg.append(' ').append(f.getValue().toLowerCase()).append('=').append(v);
        }
        return new Submission(errors.isEmpty() ? msg.toString() : null, errors, ctx);
    }

    static String value(Profile p, String var) {
        return switch (var) {
            case "CPUS" -> p.cpus() == null ? null : String.valueOf(p.cpus());
            case "MEM" -> p.mem();
            case "TIME" -> p.time();
            case "PARTITION" -> p.partition() == null ? "all" : p.partition();
            default -> null;
        };
    }

    private static String selected(ViewState state) {
        var block = state == null || state.getValues() == null ? null : state.getValues().get(PROFILE);
        var v = block == null ? null : block.get(PROFILE_ACTION);
        return v == null || v.getSelectedOption() == null ? null : v.getSelectedOption().getValue();
    }

    /** The block id that holds {@code field} ("cpus:backtest_v5"), whichever profile the fields were built for. */
    private static String blockOf(ViewState state, String field) {
        if (state == null || state.getValues() == null) return null;
        return state.getValues().keySet().stream().filter(k -> k.equals(field) || k.startsWith(field + ":"))
            .findFirst().orElse(null);
    }

    private static String text(ViewState state, String blockId, String field) {
        var block = state.getValues().get(blockId);
        var v = block == null ? null : block.get(field);
        return v == null ? null : v.getValue();
    }

    static String metadata(Context c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("channel", c.channel());
        n.put("threadTs", c.threadTs());
        n.put("prefilledFrom", c.prefilledFrom());
        return n.toString();
    }

    public static Context readContext(String metadata) {
        try {
            JsonNode n = metadata == null || metadata.isBlank() ? JSON.createObjectNode() : JSON.readTree(metadata);
            return new Context(text(n, "channel"), text(n, "threadTs"), text(n, "prefilledFrom"));
        } catch (Exception e) {
            return new Context(null, null, null);
        }
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
