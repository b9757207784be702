package ptj.slurmrunner.intent;

import java.util.List;

/**
 * For the bench: one fresh JVM from its start to a classifier that has read a message — {@code compiled} the way the
 * bot does it now ({@link BankClassifier#load}), {@code built} the way it did before (featurise and train on every
 * phrasing at start-up). Prints the milliseconds.
 */
public final class ClassifierStart {
    private ClassifierStart() {}

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        BankClassifier c = "built".equals(args[0])
            ? BankClassifier.buildFresh(ExampleBank.load(), List.of())
            : BankClassifier.load(List.of());
        if (c.rank("backtest_v5 아직 도는 중?").isEmpty()) throw new IllegalStateException("no reading");
        System.out.printf(java.util.Locale.ROOT, "%.1f%n", (System.nanoTime() - t0) / 1e6);
    }
}
