package ptj.slurmrunner.intent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds a project dir with the three example profiles (as in DESIGN.md item 7) for tests. */
final class TestProfiles {
    private TestProfiles() {}

    static Path projectWithExampleProfiles(Path dir) throws IOException {
        Path profiles = Files.createDirectories(dir.resolve("slurm/profiles"));
        write(profiles.resolve("backtest_v5.conf"), """
            # v5 backtest
            DESCRIPTION=v5 백테스트 (2020–2025)
            SCRIPT=simulation/backtests/backtest_v5.py
            SCRIPT_ARGS=--start 2020-01-01 --seed 7
            CPUS=20
            MEM=40G
            TIME=02:00:00
            CONTAINER=yes
            CODE_FILES=simulation/ lib/common.py
            RESULTS_PULL=data/results/backtests/
            """);
        write(profiles.resolve("optimizer_v5.conf"), """
            DESCRIPTION=v5 파라미터 최적화
            SCRIPT=simulation/optimizers/optimizer_v5.py
            CPUS=20
            MEM=40G
            TIME=04:00:00
            CONTAINER=yes
            CODE_FILES=simulation/ lib/
            RESULTS_PULL=data/results/optimizers/
            """);
        write(profiles.resolve("study_exit_params.conf"), """
            DESCRIPTION=청산 파라미터 연구
            SCRIPT=experiments/study_exit_params.py
            CPUS=20
            MEM=40G
            TIME=08:00:00
            CONTAINER=yes
            CODE_FILES=experiments/ lib/
            RESULTS_PULL=data/results/backtests/ data/results/analysis/
            """);
        return dir;
    }

    private static void write(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }
}
