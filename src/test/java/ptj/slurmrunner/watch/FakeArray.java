package ptj.slurmrunner.watch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The login node for one array 812: task index → state; squeue shows active tasks, sacct the ended ones. */
public final class FakeArray implements RemoteExecutor {
    public final Map<Integer, String> tasks = Collections.synchronizedMap(new TreeMap<>());
    final List<String> commands = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Result exec(String command) {
        commands.add(command);
        if (command.startsWith("squeue --me -t all -r")) {
            StringBuilder q = new StringBuilder();
            StringBuilder a = new StringBuilder();
            synchronized (tasks) {
                tasks.forEach((i, st) -> {
                    if (!JobSnapshot.isEnded(st)) {
                        q.append("812_").append(i).append('|').append(st).append("|None|node1|1:00\n");
                    } else {
                        String exit = "COMPLETED".equals(st) ? "0:0" : "1:0";
                        a.append("812_").append(i).append('|').append(st).append('|').append(exit)
                            .append("|00:01:00|node1|00:20:00||40G|20\n");
                        a.append("812_").append(i).append(".batch|").append(st).append('|').append(exit)
                            .append("|00:01:00|node1|00:20:00|1048576K||20\n");
                    }
                });
            }
            return new Result(0, q + SweepWatch.MARK + "\n" + a, "");
        }
        if (command.startsWith("tail")) {
            return new Result(0, "Traceback (most recent call last):\nRuntimeError: requested failure (--fail)\n"
                + LogTail.MARK + "\n[backtest_v5] job=812_x\n" + LogTail.MARK + "\n", "");
        }
        return new Result(127, "", "unexpected: " + command);
    }

    long count(String prefix) {
        synchronized (commands) {
            return commands.stream().filter(c -> c.startsWith(prefix)).count();
        }
    }

    @Override
    public String describe() {
        return "fake@login:22";
    }
}
