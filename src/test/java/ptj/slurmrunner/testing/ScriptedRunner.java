package ptj.slurmrunner.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import ptj.slurmrunner.run.MakeResult;
import ptj.slurmrunner.run.Runner;

/**
 * A make runner for unit tests: records every call as {@code target K=V …} and answers each target with a scripted
 * JSON object ({@code {"ok":true}} when none is scripted).
 */
public class ScriptedRunner implements Runner {
    private static final ObjectMapper JSON = new ObjectMapper();

    public final List<String> calls = new ArrayList<>();
    public final Map<String, ObjectNode> answers = new HashMap<>();

    @Override
    public MakeResult run(String target, Map<String, String> vars, Consumer<String> progress) {
        StringBuilder b = new StringBuilder(target);
        vars.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        calls.add(b.toString());
        return MakeResult.ofJson(answers.getOrDefault(target, JSON.createObjectNode().put("ok", true)));
    }
}
