package ptj.slurmrunner;

import java.util.Arrays;
import ptj.slurmrunner.cli.ConsoleCommand;
import ptj.slurmrunner.cli.DoctorCommand;
import ptj.slurmrunner.cli.ParseCommand;
import ptj.slurmrunner.cli.SlackCommand;

/** Entry point: wires nothing itself, only picks the command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        String cmd = args.length == 0 ? "help" : args[0];
        String[] rest = args.length == 0 ? new String[0] : Arrays.copyOfRange(args, 1, args.length);
        int code = switch (cmd) {
            case "parse" -> ParseCommand.run(rest);
            case "console" -> ConsoleCommand.run(rest);
            case "slack" -> SlackCommand.run(rest);
            case "doctor" -> DoctorCommand.run(rest);
            default -> {
                System.out.println("""
                    usage: slurm-runner parse "<text>"   # one JSON intent per message (stdin when no text)
                           slurm-runner console          # talk to the bot in this terminal (stdin, 예/아니오)
                           slurm-runner slack            # Slack app (Socket Mode if SLACK_APP_TOKEN, else HTTP)
                           slurm-runner doctor           # check tokens, scopes, ssh, cluster, image, LLM, state dir""");
                yield "help".equals(cmd) || "--help".equals(cmd) ? 0 : 2;
            }
        };
        System.exit(code);
    }
}
