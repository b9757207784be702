package ptj.slurmrunner.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The model compiled with the jar reads exactly as one built in process, and is declined when it could differ. */
class CompiledBankTest {
    static ExampleBank bank;
    static BankClassifier fresh;

    @BeforeAll
    static void build() {
        bank = ExampleBank.load();
        fresh = BankClassifier.buildFresh(bank, ExampleBank.PROFILE_NAMES);
    }

    /** Every message of the development sets: a wide spread of words the bank has and has not seen. */
    static List<String> messages() throws IOException {
        List<String> out = new ArrayList<>();
        for (String set : List.of("dev4", "dev9", "dev12")) {
            try (InputStream in = CompiledBankTest.class.getResourceAsStream("/intent/utterances-" + set + ".tsv")) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank() && !line.startsWith("#")) out.add(line.split("\t")[0]);
                }
            }
        }
        return out;
    }

    @Test
    void should_be_compiled_by_the_build_and_read_every_message_as_the_model_built_in_process() throws IOException {
        BankClassifier compiled = CompiledBank.read(bank.source(), ExampleBank.PROFILE_NAMES, new Features());
        assertNotNull(compiled, "mvn process-classes writes " + CompiledBank.RESOURCE + " from this bank");
        List<String> texts = messages();
        assertEquals(true, texts.size() > 500, "messages read: " + texts.size());
        for (String t : texts) {
            List<BankClassifier.Scored> a = fresh.rank(t);
            List<BankClassifier.Scored> b = compiled.rank(t);
            assertEquals(a.size(), b.size(), t);
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).action(), b.get(i).action(), t);
                assertEquals(a.get(i).score(), b.get(i).score(), 1e-12, t);
            }
        }
    }

    @Test
    void should_decline_a_model_compiled_from_another_bank() {
        ExampleBank edited = ExampleBank.parse("[status]\nbacktest_v5 어떻게 돼가\n[log]\n로그 보여줘\n");
        assertNull(CompiledBank.read(edited.source(), ExampleBank.PROFILE_NAMES, new Features()));
    }

    @Test
    void should_decline_when_a_project_profile_would_mask_a_bank_word_differently() {
        // the bank's typo "optimzer_v5" is one slip from optimizer_v5 and from this one too: a tie, no longer masked
        assertNull(CompiledBank.read(bank.source(), BankClassifier.maskNames(List.of("optimzr_v5")), new Features()));
        // a project profile one slip from a bank word ("status") would mask that word
        assertNull(CompiledBank.read(bank.source(), BankClassifier.maskNames(List.of("statuss")), new Features()));
        assertNotNull(CompiledBank.read(bank.source(), BankClassifier.maskNames(List.of("momentum_v2")), new Features()),
            "a name no bank word is near changes nothing");
    }
}
