package ptj.slurmrunner.intent;

import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.config.ProfileCatalog;

/** Builds the parser the environment asks for: rules alone, or rules + LLM (see {@link LlmConfig}). */
public final class IntentParsers {
    private static final Logger LOG = LoggerFactory.getLogger(IntentParsers.class);

    private IntentParsers() {}

    public static HybridParser fromEnvironment(Path projectDir) {
        return fromEnvironment(projectDir, System.getenv());
    }

    public static HybridParser fromEnvironment(Path projectDir, Map<String, String> env) {
        ProfileCatalog catalog = new ProfileCatalog(projectDir);
        RuleParser ruleParser = new RuleParser(catalog::list);
        // SLURM_RUNNER_CLASSIFIER=off: rules (and LLM) only, e.g. to compare (docs/intent-classifier.md)
        IntentParser rules = "off".equals(env.get("SLURM_RUNNER_CLASSIFIER")) ? ruleParser
            : ClassifyingParser.buildingInBackground(ruleParser, catalog.names());
        LlmConfig.Choice choice = LlmConfig.fromEnvironment(env);
        if (choice.problem() != null) LOG.warn("LLM off: {}", choice.problem());
        LlmConfig config = choice.config();
        if (!config.enabled()) return new HybridParser(rules, null);
        LlmParser llm = new LlmParser(config.chatModel().orElseThrow(), config.timeout(), ruleParser, catalog::list);
        return new HybridParser(rules, new HybridParser.Proposer() {
            @Override
            public java.util.Optional<Intent> propose(String text, java.util.List<String> profiles) {
                return llm.propose(text, profiles);
            }

            @Override
            public java.util.Optional<Intent> propose(String text, java.util.List<String> profiles,
                                                      java.util.List<String> recent) {
                return llm.propose(text, profiles, recent);
            }
        });
    }
}
