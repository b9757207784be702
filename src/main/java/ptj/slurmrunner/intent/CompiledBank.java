package ptj.slurmrunner.intent;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bank classifier compiled with the jar: {@code mvn process-classes} runs {@link #main} and writes the built
 * model to {@code target/classes/intent/bank-model.bin}, so start-up reads it (≈ 0.1 s) instead of featurising and
 * training on every phrasing (≈ 1 s). The model is a pure function of the bank, the actions and the classifier's
 * settings; it is keyed by their digest and by how the profile names mask the bank's words, and anything that differs
 * — a bank edited after the build, a project profile that would mask a bank word — makes the reader decline, and the
 * classifier is built in process as before.
 */
public final class CompiledBank {
    static final String RESOURCE = "/intent/bank-model.bin";
    private static final int FORMAT = 1;

    private CompiledBank() {}

    /** The digest of everything the model is computed from, besides the profile names. */
    static String key(String bankSource) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            StringBuilder settings = new StringBuilder("format=" + FORMAT);
            for (Action a : Action.values()) settings.append(',').append(a.wireName());
            settings.append(",k=").append(BankClassifier.K).append(",mix=").append(BankClassifier.MIX)
                .append(",word=").append(BankClassifier.WORD_WEIGHT).append(",epochs=").append(BankClassifier.EPOCHS)
                .append(",l2=").append(BankClassifier.L2).append(",common=").append(BankClassifier.COMMON)
                .append(",perLine=").append(ExampleBank.PER_LINE).append('\n');
            sha.update(settings.toString().getBytes(StandardCharsets.UTF_8));
            sha.update(bankSource.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bank's possible profile words and whether the given names mask each. */
    private static Map<String, Boolean> masking(ExampleBank bank, List<String> names) {
        Map<String, Boolean> out = new TreeMap<>();
        for (ExampleBank.Example e : bank.examples()) {
            for (String w : Features.words(e.text())) out.computeIfAbsent(w, x -> ProfileNames.closest(x, names) != null);
        }
        return out;
    }

    /**
     * The compiled model if it was compiled from this bank text and {@code names} mask the bank's words as then
     * (the file lists them: the key says they are this bank's); else null.
     */
    static BankClassifier read(String bankSource, List<String> names, Features features) {
        try (InputStream raw = CompiledBank.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) return null;
            DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
            if (!in.readUTF().equals(key(bankSource))) return null;
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String w = in.readUTF();
                if (in.readBoolean() != (ProfileNames.closest(w, names) != null)) return null;
            }
            return BankClassifier.readFrom(in, features, names);
        } catch (IOException | RuntimeException e) {
            return null; // a damaged file costs a build, never the classifier
        }
    }

    static void write(ExampleBank bank, OutputStream to) throws IOException {
        List<String> names = BankClassifier.maskNames(List.of());
        BankClassifier c = BankClassifier.buildFresh(bank, names);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(to, 1 << 16));
        out.writeUTF(key(bank.source()));
        Map<String, Boolean> masking = masking(bank, names);
        out.writeInt(masking.size());
        for (var e : masking.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeBoolean(e.getValue());
        }
        c.writeTo(out);
        out.flush();
    }

    /** {@code args[0]}: where to write the model (the build passes target/classes/intent/bank-model.bin). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: CompiledBank <output file>");
        Path to = Path.of(args[0]);
        Files.createDirectories(to.toAbsolutePath().getParent());
        Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            write(ExampleBank.load(), out);
        }
        Files.move(tmp, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
