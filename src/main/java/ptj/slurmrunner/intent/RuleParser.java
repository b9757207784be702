package ptj.slurmrunner.intent;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ptj.slurmrunner.config.Profile;
import ptj.slurmrunner.intent.ActionPatterns.Kind;
import ptj.slurmrunner.intent.ActionPatterns.Match;
import ptj.slurmrunner.intent.Intent.Confidence;
import ptj.slurmrunner.intent.Intent.Flag;
import ptj.slurmrunner.sweep.SweepGrid;

/**
 * Korean (and mixed English) message → Intent, with no model and no network. It reads the message in passes, each
 * blanking out what it recognised so later passes do not trip over it: dry-run words, script paths, profile names,
 * override values, job ids, then the action words. It is SURE only when exactly one action, the profile and job id
 * that action needs, and nothing odd are found; otherwise it says UNSURE and leaves a Korean question.
 * Negated actions ("실행하지 마") are dropped, bulk cancels never carry a job id, and a profile is only ever one of
 * the names passed in.
 */
public final class RuleParser implements IntentParser {

    /** Actions that start or change work on the cluster: never guessed without a named profile. */
    private static final Set<Action> CREATES = EnumSet.of(Action.RUN, Action.FULL, Action.PUSH, Action.SUBMIT,
        Action.SWEEP);
    /**
     * Actions about one profile's job, which the pipeline may resolve from the conversation or state when no profile
     * is named (SURE + NEEDS_PROFILE); SHOW without a profile is treated the same way.
     */
    private static final Set<Action> FROM_STATE = EnumSet.of(Action.WATCH, Action.LOG, Action.COLLECT, Action.RECOVER,
        Action.COMPARE);
    private static final Set<Action> DESTRUCTIVE = EnumSet.of(Action.CLEAN, Action.CANCEL, Action.IMAGE_REFRESH,
        Action.IMAGE_BUILD, Action.IMAGE_PUSH, Action.IMAGE_SETUP);
    /** "실제 제출은 말고", "진짜로 돌리지는 말고": not for real, a preview. */
    private static final Pattern NOT_FOR_REAL = Pattern.compile(
        "(?:실제|진짜로?|정말로?|(?<![a-z])real(?:ly)?)\\s*(?:로\\s*)?(?:제출|실행|돌리|서밋|submit|run)\\S*\\s*(?:은|는)?\\s*(?:말고|하지\\s*말|하지\\s*마|x)");
    private static final Set<Action> DRY_RUNNABLE = EnumSet.of(Action.RUN, Action.FULL, Action.PUSH, Action.SUBMIT,
        Action.CLEAN, Action.COLLECT);
    static final Set<String> RUN_OVERRIDES = Set.of(Overrides.CPUS, Overrides.MEM, Overrides.TIME,
        Overrides.PARTITION, Overrides.ACCOUNT);

    private static final Pattern SLACK_MARKUP = Pattern.compile("<[@#!][^>]*>");
    private static final Pattern SLACK_LINK = Pattern.compile("<(https?://[^|>]+)(?:\\|([^>]*))?>");
    /** Shell text; ".." only as a path step ("../", "/..", "cd .."), never Korean trailing dots ("모르겠어요.."). */
    private static final Pattern SUSPICIOUS = Pattern.compile(
        ";|\\||&|`|\\$|<|>|\\\\|\\.\\.(?=[/\\\\])|(?<=[/\\\\])\\.\\.|(?<!\\S)\\.\\.(?!\\S)|"
            // a shell command written out without any sign ("rm -rf /scratch/* 도 해주세요")
            + "(?<![a-z0-9_])(?:rm\\s+-[a-z]+|chmod|chown|mkfs|kill\\s+-9)(?![a-z0-9_])");
    /** A command quoted in a message: `…` or $(…). */
    private static final Pattern QUOTED_COMMAND = Pattern.compile("`[^`]*`|\\$\\([^)]*\\)");
    private static final Pattern DRY_RUN = Pattern.compile(
        "미리\\s*보기|--dry-run|dry[\\s_-]?run|드라이\\s*런|시뮬레이션\\s*(?:만|으로만)|계획만|목록만|(?:뭐|뭐가|뭘|어떤\\s*게)\\s*지워지는지|(?:뭐|뭐가|뭘|어떤\\s*게)\\s*지워질지|(?<![a-z])preview(?![a-z])");
    private static final Pattern SCRIPT = Pattern.compile("(?<![a-z0-9_./-])([a-z0-9_./-]*[a-z0-9_]\\.py)(?![a-z0-9_])");

    private static final Pattern CPUS_A = Pattern.compile(
        "(?<![a-z])(?:cpus-per-task|ncpus|cpus?|cores?|코어|(?<!-)-c(?=[\\s=:]))\\s*(?:[=:]|를|을|는|은|가|이|수|개수)?\\s*(\\d{1,4})\\s*(?:개|코어|cores?|cpus?)?");
    private static final Pattern CPUS_B = Pattern.compile("(?<![a-z0-9_.])(\\d{1,4})\\s*(?:개의?\\s*)?(?:cpus?|cores?|코어)(?![a-z])");
    private static final String MEM_UNIT = "(gb|gib|g|기가바이트|기가|mb|mib|m|메가|tb|t|테라)(?![a-z])";
    private static final Pattern MEM_A = Pattern.compile(
        "(?<![a-z])(?:메모리|memory|mem|ram|램)\\s*(?:[=:]|를|을|는|은|가|이)?\\s*(\\d{1,7})\\s*" + MEM_UNIT);
    private static final Pattern MEM_B = Pattern.compile(
        "(\\d{1,7})\\s*" + MEM_UNIT + "\\s*(?:짜리\\s*)?(?:의\\s*)?(?:메모리|memory|mem|ram|램)");
    private static final Pattern MEM_C = Pattern.compile("(?<![a-z0-9_])(\\d{1,7})\\s*(gb|g|기가)(?![a-z0-9])");
    private static final String CLOCK = "((?:\\d{1,3}-)?\\d{1,2}:\\d{2}:\\d{2})";
    private static final Pattern TIME_CLOCK = Pattern.compile(
        "(?:(?<![a-z])(?:--time|time|walltime|-t|시간|타임)\\s*(?:[=:]|을|를|은|는|이|가)?\\s*)?" + CLOCK);
    private static final String DURATION =
        "(?:(\\d{1,3})\\s*일\\s*)?(?:(\\d{1,3})\\s*(?:시간|hours?|hrs?|h)(?![a-z])\\s*(반(?=$|\\s|으로|로|만|짜리|정도|쯤|[.,!~]))?\\s*)?(?:(\\d{1,4})\\s*(?:분|minutes?|mins?)(?![a-z]))?";
    private static final Pattern TIME_SUFFIX = Pattern.compile("(?<!지난\\s?|최근\\s?)" + DURATION + "\\s*(?:으로|로|짜리|동안|제한|limit|잡고|잡아서|잡아|이면|(?=\\s*(?:줘|주고|주세요))|(?=\\s*(?:돌려|걸어|실행해))|"
        // "30분만 돌려볼게요", "debug 30분만": a run of that length
        + "만(?=\\s*(?:$|[.!~]|ㄱ|돌려|돌리|돌릴|실행|써|쓰|잡아|잡고|걸어|걸고)))");
    private static final Pattern TIME_PREFIX = Pattern.compile(
        "(?<![a-z])(?:time\\s*limit|walltime|time|for|타임|제한\\s*시간|시간|(?<!-)-t(?=[\\s=:]))\\s*(?:[=:]|을|를|은|는|이|가)?\\s*" + DURATION);
    /**
     * "opt 돌려 ㄱㄱ 12시간", "…받아놔줘, 6시간", "run 해줘 4h": a run's length said last, on its own (read only when the
     * message asks for a run; "돈 지 6시간", "벌써 3시간" are how long something has taken).
     */
    private static final Pattern TIME_BARE = Pattern.compile(
        "(?:^|(?<=[\\s,]))(?<!(?:지난|최근|벌써|이미|지|째|된|됐|걸린|대기)\\s{0,2})(?=\\d)" + DURATION + "\\s*(?:만|정도|쯤|씩)?\\s*[.!~]*\\s*$");
    private static final Pattern RUN_HINT = Pattern.compile(
        "돌려|돌리|돌릴|실행|제출|띄워|띄우|(?<![가-힣])ㄱ|(?<![a-z])(?:run|submit|sbatch)(?![a-z])");
    /** "-t 90", "--time=90": SLURM reads a bare number as minutes. */
    private static final Pattern TIME_MINUTES = Pattern.compile(
        "(?<![a-z])(?:--time|(?<!-)-t)\\s*[=:]?\\s*(\\d{1,4})(?![0-9:.]|\\s*(?:시간|분|초|일|[a-z]))");
    /** "-N 2", "-n 4" left after the overrides the toolkit takes: a SLURM option the bot cannot pass (asked), and its
     *  number is never a job id. */
    private static final Pattern SHORT_FLAG = Pattern.compile("(?<![a-z0-9_-])-[a-z](?:\\s*=\\s*|\\s+)?(\\d[a-z0-9_.:/+-]*)");
    /** "로그 -n 100": tail's own flag, where the message is about a log. */
    private static final Pattern LINES_N = Pattern.compile("(?<![a-z0-9_-])-n\\s*(\\d{1,5})(?![0-9])");
    private static final Pattern LOG_WORD = Pattern.compile("로그|(?<![a-z])(?:logs?|tail|stdout|stderr|out|err)(?![a-z])");
    private static final String VALUE_END = "(?=$|[\\s,.!?)]|[가-힣])";
    /** A value after the key is never a flag ("계정은 -A lab") nor another key ("파티션 time limit"). */
    private static final String NOT_KEY = "(?!-)(?!(?:time|timelimit|limit|mem|memory|cpus?|cores?|account|partition|qos|with|for|and|on|in|to|the|please|pls|using|via|and|then|but)(?![a-z0-9_-]))";
    private static final Pattern PARTITION_A = Pattern.compile(
        "(?<![a-z])(?:--partition|partition|파티션|(?<!-)-p(?=[\\s=:]))\\s*(?:[=:]|을|를|은|는|이|가)?\\s*(" + NOT_KEY + "[a-z0-9_-]{1,64})" + VALUE_END);
    /** "디버그 파티션에서", "파티션은 지피유로": the usual partitions spelled in Hangul. */
    private static final Pattern PARTITION_KO = Pattern.compile(
        "(디버그|지피유)\\s*(?:파티션|partition)|(?:파티션|partition)\\s*(?:[=:]|을|를|은|는|이|가)?\\s*(디버그|지피유)");
    private static final Pattern PARTITION_B = Pattern.compile("(?<![a-z0-9_-])([a-z0-9_-]{1,64})\\s*(?:파티션|partition)");
    /** "gpu로 ㄱㄱ", "debug에서": the usual partition names said with where-to, without the word 파티션. */
    private static final Pattern PARTITION_C = Pattern.compile("(?<![a-z0-9_-])(debug|gpu)\\s*(?:으로|로|에서)(?![가-힣])"
        + "|(?<![a-z])(?:on|in|to)\\s+(?:the\\s+)?(debug|gpu)(?:\\s+(?:partition|queue))?(?![a-z0-9_-])"); // "on debug with 4 cpus"
    private static final Pattern PARTITION_WORD = Pattern.compile("파티션|partition|(?<![a-z])-p(?![a-z])");
    private static final Pattern ACCOUNT_A = Pattern.compile(
        "(?<![a-z])(?:--account|account|계정|어카운트|(?<!-)-a(?=[\\s=:]))\\s*(?:[=:]|을|를|은|는|이|가)?\\s*(" + NOT_KEY + "[a-z0-9_-]{1,64})" + VALUE_END);
    private static final Pattern ACCOUNT_B = Pattern.compile("(?<![a-z0-9_-])([a-z0-9_-]{1,64})\\s*(?:계정|어카운트)");
    /** "메모리 늘려서", "CPU 두 배로": a resource change without a value the bot could apply (asked, never dropped). */
    private static final Pattern RESOURCE_CHANGE = Pattern.compile(
        "(?:메모리|memory|(?<![a-z])mem|(?<![a-z])ram|램|cpus?|코어|cores?|시간\\s*제한|time\\s*limit)\\S*\\s*(?:좀\\s*)?"
            + "(?:늘려|늘리|늘린|줄여|줄이|줄인|올려|올리|낮춰|낮추|키워|키우|더\\s|두\\s*배|\\d\\s*배|배로|많이|적게|(?<![a-z])(?:more|less|double|increase|decrease)(?![a-z]))");
    /** An account word asking for one; "새 클러스터 계정이라", "계정 만들었는데" only tell about it. */
    private static final Pattern ACCOUNT_WORD = Pattern.compile(
        "(?:계정|어카운트|(?<![a-z])account(?![a-z]))(?!\\s*(?:이라|인데|이어서|이니까|이\\s*(?:없|생|새)|을?\\s*(?:만들|새로\\s*만)))");
    private static final Pattern LINES_A = Pattern.compile("(\\d{1,5})\\s*(?:줄|라인|lines?|행)(?![a-z])");
    private static final Pattern LINES_B = Pattern.compile("(?<![a-z])(?:lines?|줄\\s*수|tail(?:\\s+-n)?)\\s*[=:]?\\s*(\\d{1,5})");
    private static final Pattern ARRAY_FLAG = Pattern.compile("(?<![a-z0-9_-])--array(?![a-z0-9_=-])");
    /** "--stream=both", "stream err": the toolkit's own form. */
    private static final Pattern STREAM_FLAG = Pattern.compile(
        "(?<![a-z])(?:--)?stream\\s*[=:]?\\s*(out|err|both|stdout|stderr)(?![a-z])");
    /** "out err 둘다", "stderr랑 stdout 둘 다": both streams, asked for as both. */
    private static final Pattern BOTH = Pattern.compile("둘\\s*다|(?<![a-z])both(?![a-z])");
    private static final Pattern STREAM_ERR = Pattern.compile(
        "에러\\s*로그|에러만|에러\\s*출력|(?:에러|오류)\\s*(?:메시지|메세지|내용)|표준\\s*에러|error\\s*log|(?<![a-z])(?:stderr|err)(?![a-z])");
    private static final Pattern STREAM_OUT = Pattern.compile(
        "출력\\s*로그|표준\\s*출력|(?<![a-z])(?:stdout|out)(?![a-z])"); // "output 좀 봐줘" is the job's output, either stream
    /** With both streams named, "all of them" asks for both too: "stderr랑 stdout 모두", "out err 같이". */
    private static final Pattern STREAM_BOTH = Pattern.compile(BOTH.pattern() + "|모두|전부|같이");

    /**
     * A script argument ("--seed 8", "--trials=50"): the bot runs the profile's SCRIPT_ARGS and cannot change them, so
     * it must say so rather than drop them silently (and never read "8" as a job id). Flags the toolkit knows as
     * overrides (--time, --partition, …) are consumed before this pass.
     */
    private static final Pattern SCRIPT_ARG = Pattern.compile(
        "(?<![a-z0-9_-])(--[a-z][a-z0-9_-]*)(?:(?:\\s*=\\s*|\\s+)((?!--)[a-z0-9_.,:/+-]+))?");
    /** A whole message that only says yes or no: an answer to a question, which only a button (or the console) takes. */
    private static final Pattern BARE_ANSWER = Pattern.compile(
        "^(?:예|네|넵|응|ㅇㅇ|ㅇㅋ|좋아|오케이|yes|y|ok|okay|아니오|아니요|아뇨|아니|ㄴㄴ|no|n)[.!?~\\s]*$");
    private static final Pattern JOB_RANGE = Pattern.compile("\\d{1,12}\\s*(?:~|-|–|부터|\\.\\.|to)\\s*\\d{1,12}");
    /** One job id, or one task of a sweep (array id _ index, "812_3"): either is one explicit id (rule 6). */
    private static final Pattern JOB_ID = Pattern.compile(
        "(?<![a-z0-9_.:/~=-])(?<!(?:지난|최근|마지막|last|past)\\s?)(\\d{1,12}(?:_\\d{1,6})?)(?![0-9a-z_:]|[./]\\d|\\s*(?:개|줄|라인|시간|분|초|일|번째|명|기가|메가|테라|%|월|년)"
            // "지난 3주 동안", "2주치", "3개월", "최근 3번 돌린 거", "last 3 runs": a span or a count, not a job
            + "|\\s*(?:주(?![세셈시라고면])|개월|달(?![라려])|회차|회(?![가-힣]))"
            + "|\\s*번\\s*(?:돌|실행|제출|했|한\\s|해|더|째|정도|씩|이나|쯤|만에)"
            + "|\\s*(?:weeks?|days?|times|runs|months?|hours?|mins?|minutes?|pages?)(?![a-z])|\\s*(?:페이지|쪽|장(?![가-힣]))"
            // "9시에", "12/1에": a time or a date, not a job ("12345 시작" is a job)
            + "|\\s?시(?:에|쯤|정각|반|까지|부터|경|께|로|으로|\\s|$))");
    /**
     * "seed 42로 돌려": a value for the script's seed, said without "--" (one value; a grid is a sweep, read before).
     * Like {@link #SCRIPT_ARG} it is something the bot cannot change, and never a job id.
     */
    private static final Pattern SEED_ARG = Pattern.compile(
        "(?<![a-z0-9_-])(?:seed|시드)\\s*(?:[=:]|값\\s*(?:은|을)?|는|를|을)?\\s*(\\d{1,9})(?![0-9])");
    private static final Pattern PROFILE_WORD = Pattern.compile("프로필|프로파일|(?<![a-z])profiles?(?![a-z])");
    private static final Pattern JOBID_VAR = Pattern.compile(
        "(?<![a-z])(?:job_?id\\s*=\\s*|slurm-)(\\d{1,12}(?:_\\d{1,6})?)(?![0-9_])"); // "slurm-40299.out": its job
    private static final Pattern COUNT = Pattern.compile("(?:\\d{1,3}|두|세|네|다섯|여러|몇)\\s*개");
    private static final Pattern BULK = Pattern.compile("모든|모두|전부|전체|일괄|싹|몽땅|잡들|job들|"
        + "(?:^|\\s)다\\s*(?=취소|죽|중지|중단|꺼|멈|캔슬|킬|스톱|스탑|날려|내려(?!\\s*받|받)|(?<![a-z])(?:s?cancel|kill|stop)(?![a-z]))|(?<![a-z])(?:all|every|everything|jobs)(?![a-z])|\\*|"
        + "(?<![a-z])-u(?![a-z])|--[a-z]+");

    private static final Pattern NEGATION_AFTER = Pattern.compile(
        "^\\s*(?:[가-힣]?는\\s*(?:건|거|것|걸)(?:은|는|도)?\\s*)?" // "돌리는 건 하지 말아 주세요"
            + "(?:은|는|을|를|도|만|이|가)?\\s*(?:(?:절대로?|전혀|아직은?|굳이|당분간|지금은|일단|제발|꼭|아예|그냥|혹시|나중에|이따가?)\\s*)?"
            + "(?:(?!전체|전부|모두|처음)[가-힣]{0,2}?(?<![은는])\\s*)?" // "잡은 ㄴㄴ" after "코드만 올려" says no to the job, not the upload
            + "(?:지\\s*(?:마|말|않|맙)|진\\s*(?:마|말)|면\\s*안\\s*(?:돼|되|됩)|필요\\s*없|말고|말아|"
            + "안\\s+[가-힣]|안(?:해|하|할|함|합|했|돼|되|됨|될|돌)|ㄴㄴ|\u1102\u1102|"
            // "실행은 나중에 제가 할게요": the person does it, the bot does not
            + "(?:제가|내가|저희가|직접)\\s*(?:직접\\s*)?(?:할게|할께|할\\s*거|하겠|돌릴게|돌릴께|돌릴\\s*거|돌리겠)|"
            // "실행은 나중에 할게요": later, by the person
            + "(?<=(?:나중에|이따가?)\\s?)(?:할게|할께|하겠|할\\s*거))");
    /**
     * What follows a negation that makes it "not X but …" ("말고", "마시고", "않고", "안 하고"): the other request in
     * the message stands ("돌리지 말고 기다려").
     */
    private static final Pattern INSTEAD = Pattern.compile("^(?:으?시)?(?:고|구)(?![가-힣])");
    /**
     * A clause that asks for something (a request verb, a question). After "… 하지 말아주세요" a clause without one only
     * tells why ("40211은 취소하지 말아주세요! 거의 다 끝났어요"): its action words are not requests.
     */
    private static final Pattern REQUESTS = Pattern.compile(
        "줘|주세요|주실|주시|줄래|주라|부탁|보여|알려|볼\\s*수|보고\\s*싶|확인\\s*(?:해|하|좀)|해\\s*봐|ㄱ|하자|\\?|"
            + "(?:한\\s*번|한번)만?(?=\\s*[.!~]*\\s*$)|"
            + "(?<![a-z])(?:please|pls|plz|can\\s+you|could\\s+you|show|tell)(?![a-z])");
    /** Where a clause ends. */
    private static final Pattern CLAUSE_END = Pattern.compile("[.!?,~]");
    /** A refusal anywhere in the message ("아니 그냥 둬"): never act on a change it might be refusing. */
    private static final Pattern REFUSAL = Pattern.compile(
        "(?:^|[\\s?!.,])(?:아니|아냐|아뇨|노노|놔둬|냅둬|그냥\\s*둬|됐어|그만둬)(?![가-힣])|"
            // "잡은 ㄴㄴ" says no to the thing named (no job: "코드만 올려 잡은 ㄴㄴ"), not to the whole request
            + "(?<![은는도])(?<![은는]\\s아직|[은는]아직)(?:^|[\\s?!.,])(?:ㄴㄴ|\u1102\u1102)(?![가-힣])|"
            + "(?<![a-z])(?:nope|never\\s*mind|nevermind|forget\\s+it)(?![a-z])");
    /** A step left out or done already, so the other request stands: "push 없이", "업로드는 건너뛰고", "푸시X". */
    private static final Pattern LEFT_OUT_AFTER = Pattern.compile(
        "\\s*(?:은|는|을|를|도)?\\s*(?:없이|빼고|제외하고|건너\\s*뛰고|스킵하고|생략하고|x(?![a-z])|"
            + "(?:아까|이미|벌써|미리)\\s*(?:했|해\\s*놨|해\\s*뒀|올렸|끝났|함|됐))");
    private static final Pattern LEFT_OUT_BEFORE = Pattern.compile(
        "(?<![a-z])(?:no|skip(?:ping)?|without|except)\\s+(?:the\\s+)?$|(?:아까|이미|벌써|미리)\\s*$");
    /**
     * Asking how to do something rather than asking for it: "잡 취소는 어떻게 해요", "결과 받으려면 뭐라고 치면 돼요?",
     * "스윕 어떻게 거는지 예시 좀" — the help answers it; nothing is done.
     */
    static final Pattern HOW_TO = Pattern.compile(
        "뭐라고\\s*(?:쳐|치|입력|적|써|해야|하면|보내|말)|(?:하는|보는|쓰는|거는|받는|돌리는)\\s*(?:방법|법)(?!\\S{0,2}\\s*(?:잘\\s*)?(?:몰라|모르|몰랐))|사용법(?!\\S{0,2}\\s*(?:잘\\s*)?(?:몰라|모르|몰랐))|"
            + "어떻게\\s*(?:말|얘기|요청)\\s*(?:해야|하면)|"
            // "봇한테 스윕 시키려면 어떻게 ...": how, before asking for it
            + "(?:시키|쓰|하|걸|돌리)려면\\s*(?:\\S+\\s*)?어떻게|어떻게\\s*(?:하는\\s*(?:거|건|지)|해요|하나요|하죠|해야\\s*(?:돼|되|하)|거는|걸어요|거나요|"
            + "쓰는|써요|쓰나요|쓰면|하면\\s*돼요)|(?:사용\\s*)?예시\\s*(?:좀|보여|알려|있)|"
            + "(?<![a-z])(?:how\\s+(?:do|can|should)\\s+i|how\\s+to)(?![a-z])");
    /** What one of the bot's words means: "스윕이 정확히 뭔가요?", "컬렉트랑 풀이 무슨 차이인지" — the help answers it. */
    static final Pattern WHAT_IS_TERM = Pattern.compile(
        "(?:스윕|(?<![a-z])sweep|컬렉트|콜렉트|(?<![a-z])collect|(?<![가-힣])풀(?:\\s*런)?|(?<![a-z])full|리커버|(?<![a-z])recover|"
            + "클린|(?<![a-z])clean|워치|(?<![a-z])watch|서밋|(?<![a-z])submit|푸시|(?<![a-z])push|드라이\\s*런|dry[\\s-]*run)"
            + "(?:[은는이가]|이랑|랑|하고|과|와)?\\s*(?:\\S+\\s*){0,2}?(?:정확히\\s*)?"
            + "(?:뭔가요|뭐예요|뭐에요|뭐야|뭐임|뭔지|무슨\\s*(?:뜻|차이|의미)|뜻이|의미가|차이가?\\s*(?:뭐|뭔|있))"
            // "리커버가 뭔지 잘 몰랐는데 … 리커버 부탁드려요": told, then asked for
            + "(?!\\s*(?:잘\\s*)?(?:몰랐|알았|모르고))");
    /** Whether something exists: "backtest_v9 있어?", "momentum_v2 있나요". */
    private static final Pattern EXISTS = Pattern.compile(
        "(?<![가-힣])(?:도\\s*)?있(?:어|나|니|냐|나요|어요|습니까|는지)|(?<![a-z])(?:exists?|is\\s+there)(?![a-z])");
    /** Words that make files old: what a clean is about. */
    private static final Pattern AGED = Pattern.compile(
        "옛날|예전|오래된|쌓인|찌꺼기|잔여|오래\\s*된|지난\\s*(?:달|주|해)|한\\s*달|\\d+\\s*(?:일|주|달|개월)\\s*(?:넘은|지난|전)|안\\s*쓰는|"
            + "(?<![a-z])(?:old|stale|unused)(?![a-z])");
    /** "코드 그대로 두고 다시 제출": nothing to push. */
    private static final Pattern CODE_AS_IS = Pattern.compile("(?:코드|code)\\S*\\s*(?:은|는)?\\s*(?:그대로|안\\s*바꿨|안\\s*건드렸)");
    /** "옵티 말고", "backtest_v5는 아니고": the word before it is not the one meant. */
    private static final Pattern NOT_THIS_WORD = Pattern.compile("([a-z가-힣0-9_.\\-]+?)(?:은|는)?\\s*(?:말고|아니고|아니라)(?![가-힣])");
    /** "812 말고", "40211번 아니고": the id before it is not the one meant. */
    private static final Pattern NOT_THIS_ID = Pattern.compile(
        "(?<![0-9_])([0-9]+(?:_[0-9]+)?)\\s*(?:번\\s*)?(?:말고|아니고|아니라)");
    /** A clause ending that tells a reason ("안 받았는데", "못 봤으니까"). */
    private static final Pattern TOLD_AFTER = Pattern.compile("\\S{0,4}?(?:는데|니까|어서|아서|길래)(?![가-힣])");
    /** Reported speech after a negation: "안 된다고 하셔서요", "하지 말라고 했어". */
    private static final Pattern REPORTED = Pattern.compile("\\S{0,4}?(?:다고|라고|냐고|대요|래요|다던데|다는데)(?![가-힣])");
    /** How an action word is negated: not, "X 말고 Y" (Y stands), or "X 하지 마세요" (the message holds back). */
    private enum Negation { NONE, INSTEAD, HOLD, REPORTED }

    /** What only reads: "later" or a refusal does not make these unsafe. */
    private static final Set<Action> READ_ONLY = EnumSet.of(Action.STATUS, Action.WATCH, Action.LOG, Action.SHOW,
        Action.PROFILES, Action.HISTORY, Action.COMPARE, Action.HELP, Action.IMAGE_STATUS, Action.UNKNOWN);
    private static final Pattern NEGATION_BEFORE = Pattern.compile(
        "(?:(?:^|\\s)(?:안|못)\\s*|(?<![a-z])(?:don't|dont|do\\s+not|never|not|no\\s+need\\s+to|without)\\s+(?:[a-z]+\\s+)?)$");

    /** An hour of the day in English ("3pm", "10:30 am"): a time, never a profile word. */
    private static final String CLOCK_WORD = "\\d{1,2}(?::\\d{2})?\\s*(?:am|pm)(?![a-z])";
    private static final Pattern CLOCK_TOKEN = Pattern.compile("\\d{1,2}(?:am|pm)");
    /** Asking for later ("4시간 뒤에", "내일") is not something the bot can do: never read it as "now". */
    private static final Pattern LATER = Pattern.compile(
        "\\d+\\s*(?:시간|분|일)\\s*(?:뒤|후)|나중에|이따가?|내일|모레|오늘\\s*밤|(?<!어제\\s?|어젯\\s?|지난\\s?)새벽에|주말(?:에|동안|쯤)|예약|"
            // after something else ends: "장 마감하고 나서", "회의 끝나고", "퇴근 후에" ("주말 데이터" is no time)
            + "(?:마감|퇴근|회의|미팅|점심|수업|장\\s*끝)\\S*\\s*(?:\\S{1,3}고\\s*)?(?:나서|후에?|끝나고|끝나면|이후|뒤에)|"
            + "다음\\s*(?:주|달|번|날)|[월화수목금토일]요일(?!\\s*(?:이니까|이니|이라서|이라|인데|이잖아))|\\d{1,2}\\s*시\\s*(?:에|쯤|정각)|오후\\s*\\d|오전\\s*\\d|(?<!어제\\s?|지난\\s?)(?:저녁에|밤에|아침에)|"
            + "(?<![a-z])(?:tomorrow|later|tonight|schedule)(?![a-z])|(?<![a-z])in\\s+\\d+\\s*(?:hours?|minutes?|mins?)|"
            // "at 3pm" is later; "before the 3pm sync" is now
            + "(?<![a-z])(?:at|after|around)\\s+(?:the\\s+)?" + CLOCK_WORD);
    /** A past-tense verb within two words after a time: the time says when something happened. */
    private static final Pattern PAST_AFTER = Pattern.compile(
        "\\s*(?:\\S+\\s+){0,4}?\\S*(?:었|았|였|졌|났|됐|렸|했|봤|왔|줬|쳤|꿨|췄|켰|겼|뒀|놨|냈|셨|혔|갔|뻗|죽은|끝난|터진|돌던|돌린|실행한|제출한|날아감)");
    /**
     * What the person will do later themselves ("결과는 내일 아침에 볼게요"): their time, not the request's. A word of
     * its own: "내일 돌려볼게요" is a run put off.
     */
    private static final Pattern OWN_LATER = Pattern.compile(
        "(?<![가-힣])(?:볼게|볼께|볼\\s*(?:거|예정)|보겠|확인할게|확인할께|확인하겠|확인할\\s*(?:거|예정)|갈게|갈께|올게|올께|할게|할께|하겠)|"
            + "(?<![a-z])i'?ll\\s+(?:check|look|see)(?![a-z])");

    /** A message that ends on "결과" or "결과만" (no question): the results are what is wanted. */
    private static final Pattern ONLY_RESULTS = Pattern.compile("결과\\s*(?:만|좀|만\\s*좀)?\\s*[.!~]*\\s*$");
    /** "푸시는 (내가) 나중에": the thing put off is named before the time, and nothing more is asked after it. */
    private static final Pattern TOPIC_BEFORE = Pattern.compile("[가-힣a-z][은는]\\s*(?:(?:내가|제가|직접)\\s*)?$");
    private static final Pattern NOTHING_MORE = Pattern.compile(
        "\\s*(?:(?:할게요?|할께요?|해도\\s*(?:돼요?|됩니다)|하자|할\\s*거예?요?|할\\s*예정|ㄱ)\\s*)?[.!~ㅎㅋ^]*\\s*");
    /** "push만", "push only": the one thing asked for now. */
    private static final Pattern ONLY_THIS = Pattern.compile("(?<=[가-힣a-z0-9_])만(?=[\\s,.]|$)|(?<![a-z])only(?![a-z])");
    /** "보실 수 있게", "… 있도록": what the time is for, not when to act. */
    private static final Pattern FOR_THEN = Pattern.compile("수\\s*있게|있도록");
    private static final Pattern NOW = Pattern.compile("(?<![가-힣])(?:지금|바로|당장)(?![가-힣])");

    /**
     * Whether a time in the message puts the request off ("내일 돌려줘"), unless it only says when the person acts
     * themselves ("돌려줘, 결과는 내일 아침에 볼게요": nothing asked between the time and their own verb).
     */
    static boolean asksForLater(String low) {
        Matcher m = LATER.matcher(low);
        while (m.find()) {
            // "새벽에 잡 터졌다는데": a time told with what already happened then
            if (PAST_AFTER.matcher(low).region(m.end(), low.length()).lookingAt()) continue;
            // "빌드만 해줘 푸시는 나중에": the other step deferred, after the request that stands now
            String before = low.substring(0, m.start());
            if (TOPIC_BEFORE.matcher(before).find()
                    && NOTHING_MORE.matcher(low).region(m.end(), low.length()).matches()
                    && (REQUESTS.matcher(before).find() || ONLY_THIS.matcher(before).find())) {
                continue;
            }
            // "팀장님이 내일 아침에 결과를 보실 수 있게, 지금 돌려서": the time the result is for, not the run's
            if (FOR_THEN.matcher(low).region(m.end(), Math.min(low.length(), m.end() + 30)).find()
                    && NOW.matcher(low).region(m.end(), low.length()).find()) {
                continue;
            }
            Matcher own = OWN_LATER.matcher(low).region(m.end(), low.length());
            if (!own.find() || REQUESTS.matcher(low.substring(m.end(), own.start())).find()) return true;
        }
        return false;
    }

    /** Only thinking about it ("돌려볼까 생각 중이에요", "아직 확실하진 않지만요"): a change is confirmed, never done. */
    private static final Pattern HESITATION = Pattern.compile(
        "(?:볼까|할까|릴까|할지|볼지)\\s*(?:하는데|싶|생각|고민|말까)|(?:고민|생각)\\s*중|확실하(?:지|진)\\s*않|아직\\s*(?:모르|미정)|"
            // "돌려봐야 하나... 🤔": wondering whether to, not asking for it
            + "(?<=[어아워와봐려해])야\\s*(?:하나|할까|되나|될까|할지)(?:요)?(?![가-힣])|"
            + "(?<![a-z])(?:thinking\\s+(?:about|of)|not\\s+sure\\s+(?:if|whether|yet))(?![a-z])");
    private static final Map<String, String> NATIVE_NUMBERS = Map.ofEntries(
        Map.entry("열두", "12"), Map.entry("열한", "11"), Map.entry("열", "10"), Map.entry("아홉", "9"),
        Map.entry("여덟", "8"), Map.entry("일곱", "7"), Map.entry("여섯", "6"), Map.entry("다섯", "5"),
        Map.entry("네", "4"), Map.entry("세", "3"), Map.entry("두", "2"), Map.entry("한", "1"));
    private static final Pattern NATIVE_HOURS = Pattern.compile(
        "(?<![가-힣])(열두|열한|열|아홉|여덟|일곱|여섯|다섯|네|세|두|한)\\s*시간");

    private static final Pattern TOKEN = Pattern.compile("[a-z0-9][a-z0-9_./-]*");
    private static final Set<String> STOPWORDS = Set.copyOf(List.of(
        "a", "an", "the", "of", "for", "to", "in", "on", "at", "by", "from", "with", "and", "or", "is", "are", "be",
        "it", "its", "this", "that", "these", "me", "my", "i", "we", "us", "our", "you", "your", "can", "could",
        "would", "will", "please", "pls", "plz", "now", "again", "up", "down", "all", "any", "some", "just", "only",
        "ok", "okay", "thanks", "thank", "hi", "hello", "hey", "what", "whats", "s", "t", "how", "about", "there",
        "let", "lets", "check", "see", "tell", "give", "get", "job", "jobs", "job들", "dir", "dirs", "run", "runs",
        "rundir", "rundirs", "current", "currently", "latest", "last", "first", "yes", "no", "not", "don", "do",
        "never", "error", "errors", "output", "out", "err", "file", "files", "code", "node", "nodes", "time",
        "hours", "hour", "minutes", "lines", "line", "slurm", "ssh", "sbatch", "squeue", "ptj_stock_lab",
        "slurm-runner", "bot", "profile", "profiles", "result", "results", "today", "yesterday", "quickly", "asap",
        "cpu", "cpus", "mem", "memory", "gpu", "partition", "account", "mode", "only", "via", "using", "back",
        "new", "again", "once", "more", "sure", "well", "go", "ahead", "dry", "id", "ids", "v", "x",
        // what results and logs hold ("summary json이랑 차트", "best params", "traceback"): never a profile
        "csv", "json", "summary", "chart", "charts", "png", "pdf", "params", "parameters", "best", "traceback",
        "oom", "print", "metrics", "sharpe",
        // the words around a request in English ("the bot lost my job after the restart")
        "lost", "after", "before", "restart", "restarted", "when", "done", "finished", "still", "week", "month",
        "did", "does", "which", "actually", "really", "why", "yet", "complete", "completed", "going", "doing", "finish",
        "finishes", "ends", "dies", "fails", "failed", "crashes", "crashed", "sync", "synced", "meeting", "standup"));

    /**
     * Korean spellings of profile words, mapped before matching so "백테스트 v5" finds backtest_v5; 청산 and 엑싯 are
     * how the team says exit.
     */
    private static final String[][] SPELLINGS = withVowelSlips(new String[][] {{"백테스트", "backtest"},
        {"백테스팅", "backtest"}, {"빽테스트", "backtest"}, {"옵티마이저", "optimizer"}, {"옵티마이즈", "optimize"}, {"스터디", "study"},
        {"최적화", "optimizer"}, {"청산", "exit"}, {"엑싯", "exit"}, {"엑시트", "exit"},
        {"익절", "exit"}, {"손절", "exit"}});
    /** The team's Latin nicknames of the name parts (the brief every writer had: "bt", "opt"). */
    private static final Pattern LATIN_SHORT = Pattern.compile(
        "(?<![a-z0-9_./\\-])(bt|opt)(?=[_-]v\\d|(?![a-z0-9_]))", Pattern.CASE_INSENSITIVE); // "opt_v5" too

    /**
     * Each Korean spelling also as typed with ㅐ and ㅔ mixed up ("벡테스트", "백태스트", "옵티마이져"): the two vowels
     * sound alike and are the commonest slip in Hangul.
     */
    private static String[][] withVowelSlips(String[][] spellings) {
        List<String[]> out = new ArrayList<>();
        for (String[] sp : spellings) {
            List<String> forms = new ArrayList<>(List.of(""));
            for (char c : sp[0].toCharArray()) {
                List<String> next = new ArrayList<>();
                for (String f : forms) {
                    next.add(f + c);
                    char slip = vowelSlip(c);
                    if (slip != c) next.add(f + slip);
                }
                forms = next;
            }
            for (String f : forms) out.add(new String[] {f, sp[1]});
        }
        return out.toArray(new String[0][]);
    }

    /** A syllable with ㅐ as ㅔ, ㅔ as ㅐ, ㅕ as ㅓ, ㅓ as ㅕ ("마이져"); any other character as it is. */
    private static char vowelSlip(char c) {
        if (c < 0xAC00 || c > 0xD7A3) return c;
        int s = c - 0xAC00;
        int medial = s / 28 % 21;
        int swapped = switch (medial) {
            case 1 -> 5; // ㅐ → ㅔ
            case 5 -> 1;
            case 4 -> 6; // ㅓ → ㅕ
            case 6 -> 4;
            default -> medial;
        };
        return (char) (c + (swapped - medial) * 28);
    }
    /** The team's short forms of the long spellings ("백테", "옵티마"): two syllables or more, at a word's start. */
    private static final Pattern SHORT_SPELLING = shortSpellings();

    private static Pattern shortSpellings() {
        List<String> shorts = new ArrayList<>();
        for (String[] sp : SPELLINGS) {
            for (int n = 2; sp[0].length() >= 4 && n < sp[0].length(); n++) {
                String prefix = sp[0].substring(0, n);
                if (!shorts.contains(prefix)) shorts.add(prefix);
            }
        }
        shorts.sort((a, b) -> b.length() - a.length());
        return Pattern.compile("(?<![가-힣])(?:" + String.join("|", shorts) + ")");
    }

    private static String spellOut(String s) {
        s = LATIN_SHORT.matcher(s).replaceAll(m -> m.group(1).equalsIgnoreCase("bt") ? "backtest" : "optimizer");
        // a word of its own even when written together ("청산스터디" → exit study); spaces are squeezed later
        for (String[] sp : SPELLINGS) s = s.replace(sp[0], " " + sp[1] + " ");
        return SHORT_SPELLING.matcher(s).replaceAll(m -> {
            for (String[] sp : SPELLINGS) if (sp[0].startsWith(m.group())) return " " + sp[1] + " ";
            return m.group();
        });
    }

    private final Supplier<List<Profile>> catalog;
    private final Map<String, Pattern> namePatterns = new ConcurrentHashMap<>();

    /** Without profile files: profile names only, no script-name mapping. */
    public RuleParser() {
        this(List::of);
    }

    /** {@code catalog} supplies the profiles' scripts so "backtest_v5.py 돌려줘" maps to its profile. */
    public RuleParser(Supplier<List<Profile>> catalog) {
        this.catalog = catalog;
    }

    @Override
    public Intent parse(String text, List<String> profiles) {
        List<String> names = profiles == null ? List.of() : profiles;
        // "backtset_v5 돌려줘": a word one keyboard slip from an existing name (same digits) is read as that name, which
        // the confirmation then shows; never a name that does not exist
        return new Pass(ProfileNames.spell(text == null ? "" : text, names), names).run();
    }

    /** State of reading one message. {@code low} is the text being consumed; matched parts become spaces. */
    private final class Pass {
        final List<String> profiles;
        final String orig;
        final char[] low;
        final Set<Flag> flags = EnumSet.noneOf(Flag.class);
        final Map<String, String> overrides = new LinkedHashMap<>();
        final Set<String> named = new LinkedHashSet<>();
        final List<String> unknownWords = new ArrayList<>();
        String suspiciousChars = "";
        boolean dryRun;
        boolean unmappedScript;
        String scriptArgs;
        boolean resourceNoValue;
        boolean keepLogValues;
        SweepGrid sweep;

        Pass(String text, List<String> profiles) {
            this.profiles = profiles;
            this.orig = normalize(text);
            char[] c = orig.toCharArray();
            for (int i = 0; i < c.length; i++) c[i] = Character.toLowerCase(c[i]);
            this.low = c;
        }

        String low() {
            return new String(low);
        }

        void blank(int start, int end) {
            for (int i = start; i < end; i++) low[i] = ' ';
        }

        Intent run() {
            if (BARE_ANSWER.matcher(low()).matches()) {
                return result(Action.UNKNOWN, null, null, true, Questions.get("bareAnswer"));
            }
            sweep = SweepPhrases.find(low, profiles); // "seed 1부터 20까지": blanked before ids, ranges and ".."
            findSuspicious();
            if (!flags.contains(Flag.SUSPICIOUS) && MACHINE_OPERATION.matcher(low()).find()) {
                return result(Action.UNKNOWN, null, null, true, Questions.get("machineOperation")); // not the bot's
            }
            if (!flags.contains(Flag.SUSPICIOUS) && CLUSTER_ADMIN.matcher(low()).find()) {
                return result(Action.UNKNOWN, null, null, true, Questions.get("clusterAdmin")); // the admins' work
            }
            Matcher other = OTHER_SYSTEM.matcher(low());
            if (!flags.contains(Flag.SUSPICIOUS) && other.find()) {
                return result(Action.UNKNOWN, null, null, true, Questions.get("otherSystem", other.group().strip()));
            }
            findDryRun();
            findScripts();
            findProfileNames();
            findOverrides();
            findScriptArgs();
            String beforeIds = low();
            List<String> jobIds = findJobIds();
            boolean range = JOB_RANGE.matcher(beforeIds).find();
            List<Match> matches = new ArrayList<>(ActionPatterns.find(low()));
            for (Match m : matches) blank(m.start(), m.end());
            // with a grid, the word "스윕" only confirms it (see decide); alone it asks for a sweep without values
            if (sweep != null) matches.removeIf(m -> m.action() == Action.SWEEP);
            findUnknownWords();
            return decide(matches, jobIds, range, beforeIds);
        }

        // ---- passes -------------------------------------------------------------------------------------------

        void findSuspicious() {
            Matcher m = SUSPICIOUS.matcher(low()); // a sweep's "1..20" is gone already
            Set<String> seen = new LinkedHashSet<>();
            while (m.find()) seen.add(m.group());
            if (!seen.isEmpty()) {
                flags.add(Flag.SUSPICIOUS);
                suspiciousChars = String.join(" ", seen);
                // "status 812 `scancel 812`": the quoted command is what must not run, not what is asked; the words
                // outside it are read (the message stays unsure). A message that is only a quoted command keeps it,
                // and a profile name in backticks ("`backtest_v5` 실행") is read as the name.
                String outside = QUOTED_COMMAND.matcher(low()).replaceAll(" ");
                if (outside.chars().anyMatch(Character::isLetter)) {
                    Matcher q = QUOTED_COMMAND.matcher(low());
                    while (q.find()) {
                        String inner = q.group().replaceAll("^[`$(]+|[`)]+$", "").strip();
                        if (profiles.stream().noneMatch(inner::equalsIgnoreCase)) blank(q.start(), q.end());
                    }
                }
            }
        }

        void findDryRun() {
            Matcher m = DRY_RUN.matcher(low());
            while (m.find()) {
                dryRun = true;
                blank(m.start(), m.end());
            }
        }

        void findScripts() {
            List<Profile> known = catalog.get();
            Matcher m = SCRIPT.matcher(low());
            while (m.find()) {
                String path = m.group(1);
                boolean hasDir = path.indexOf('/') >= 0;
                List<String> owners = new ArrayList<>();
                for (Profile p : known) {
                    if (p.script() == null || !profiles.contains(p.name())) continue;
                    String script = p.script().toLowerCase(Locale.ROOT);
                    String file = p.scriptFileName().toLowerCase(Locale.ROOT);
                    if (hasDir ? script.equals(path) || script.equals(stripDotSlash(path)) : file.equals(path)) {
                        owners.add(p.name());
                    }
                }
                if (owners.isEmpty()) {
                    // not a script of any profile: maybe the profile name itself with .py ("optimizer_v5.py")
                    String stem = path.substring(path.lastIndexOf('/') + 1, path.length() - 3);
                    String byName = hasDir ? null : profiles.stream()
                        .filter(n -> n.toLowerCase(Locale.ROOT).equals(stem)).findFirst().orElse(null);
                    if (byName != null) owners.add(byName);
                }
                if (owners.isEmpty()) {
                    unmappedScript = true;
                    unknownWords.add(orig.substring(m.start(1), m.end(1)));
                } else {
                    named.addAll(owners);
                }
                blank(m.start(1), m.end(1));
            }
        }

        void findProfileNames() {
            record Hit(String name, int start, int end) {}
            List<Hit> hits = new ArrayList<>();
            String text = low();
            for (String name : profiles) {
                Matcher m = namePattern(name).matcher(text);
                while (m.find()) hits.add(new Hit(name, m.start(), m.end()));
            }
            for (Hit h : hits) {
                // two profiles spelled alike ("a_b", "a-b") matching the same words: the exact spelling wins
                List<Hit> same = hits.stream().filter(o -> o.start() < h.end() && h.start() < o.end()).toList();
                String exact = same.stream().map(Hit::name)
                    .filter(n -> orig.substring(h.start(), h.end()).equals(n)).findFirst().orElse(null);
                if (exact != null) named.add(exact); else same.forEach(o -> named.add(o.name()));
            }
            for (Hit h : hits) blank(h.start(), h.end());
        }

        void findOverrides() {
            String t = low();
            // "8코어 32기가": the number before the unit word first, so "코어 32" is never read across it
            capture(CPUS_B, t, Overrides.CPUS, m -> m.group(1));
            capture(CPUS_A, low(), Overrides.CPUS, m -> m.group(1));
            capture(MEM_A, low(), Overrides.MEM, m -> Overrides.memory(m.group(1), m.group(2)));
            capture(MEM_B, low(), Overrides.MEM, m -> Overrides.memory(m.group(1), m.group(2)));
            capture(MEM_C, low(), Overrides.MEM, m -> Overrides.memory(m.group(1), m.group(2)));
            capture(TIME_CLOCK, low(), Overrides.TIME, m -> clock(m.group(1)));
            capture(TIME_SUFFIX, low(), Overrides.TIME, this::duration);
            capture(TIME_PREFIX, low(), Overrides.TIME, this::duration);
            capture(TIME_MINUTES, low(), Overrides.TIME, m -> Overrides.duration(0, 0, num(m.group(1))));
            if (!overrides.containsKey(Overrides.TIME) && RUN_HINT.matcher(low()).find()) {
                capture(TIME_BARE, low(), Overrides.TIME, m -> m.group(2) == null && m.group(4) == null ? null : duration(m));
            }
            capture(PARTITION_A, low(), Overrides.PARTITION, m -> orig.substring(m.start(1), m.end(1)));
            capture(PARTITION_B, low(), Overrides.PARTITION, m -> orig.substring(m.start(1), m.end(1)));
            capture(PARTITION_C, low(), Overrides.PARTITION,
                m -> m.group(1) != null ? orig.substring(m.start(1), m.end(1)) : orig.substring(m.start(2), m.end(2)));
            capture(PARTITION_KO, low(), Overrides.PARTITION,
                m -> "디버그".equals(m.group(1) != null ? m.group(1) : m.group(2)) ? "debug" : "gpu");
            capture(ACCOUNT_A, low(), Overrides.ACCOUNT, m -> orig.substring(m.start(1), m.end(1)));
            capture(ACCOUNT_B, low(), Overrides.ACCOUNT, m -> orig.substring(m.start(1), m.end(1)));
            capture(LINES_A, low(), Overrides.LINES, m -> m.group(1));
            capture(LINES_B, low(), Overrides.LINES, m -> m.group(1));
            if (LOG_WORD.matcher(t).find()) capture(LINES_N, low(), Overrides.LINES, m -> m.group(1));
            Matcher flag = SHORT_FLAG.matcher(low());
            while (flag.find()) {
                flags.add(Flag.INVALID_VALUE);
                blank(flag.start(1), flag.end(1));
            }
            capture(STREAM_FLAG, low(), Overrides.STREAM, m -> m.group(1).replace("std", ""));
            if (sweep != null) { // "--array seed=1..100": the flag names the sweep read already, no script argument
                Matcher a = ARRAY_FLAG.matcher(low());
                while (a.find()) blank(a.start(), a.end());
            }
            String left = low();
            if (!overrides.containsKey(Overrides.PARTITION) && PARTITION_WORD.matcher(left).find()
                || !overrides.containsKey(Overrides.ACCOUNT) && ACCOUNT_WORD.matcher(left).find()
                || (resourceNoValue = resourceChangeWithoutValue(left))) {
                flags.add(Flag.INVALID_VALUE);
            }
            boolean err = STREAM_ERR.matcher(t).find();
            boolean out = STREAM_OUT.matcher(t).find();
            if (overrides.containsKey(Overrides.STREAM)) return; // "--stream=both" says it outright
            if (err != out) overrides.put(Overrides.STREAM, err ? "err" : "out");
            // "stdout stderr 둘 다", "에러 로그랑 출력 둘 다" (출력 alone names no stream)
            if (err && (out ? STREAM_BOTH : BOTH).matcher(t).find()) overrides.put(Overrides.STREAM, "both");
        }

        /** Records script arguments and blanks their values only: the "--" stays for the bulk-cancel check. */
        void findScriptArgs() {
            Matcher m = SCRIPT_ARG.matcher(low());
            List<String> found = new ArrayList<>();
            while (m.find()) {
                found.add(orig.substring(m.start(), m.end()).strip());
                if (m.group(2) != null) blank(m.start(2), m.end(2));
            }
            Matcher seed = SEED_ARG.matcher(low());
            while (seed.find()) {
                found.add(orig.substring(seed.start(), seed.end()).strip());
                blank(seed.start(1), seed.end(1));
            }
            if (!found.isEmpty()) scriptArgs = String.join(" ", found);
        }

        /** "메모리 늘려서" with no MEM value anywhere in the message ("메모리 좀 늘려서 60G로" has one). */
        boolean resourceChangeWithoutValue(String left) {
            Matcher m = RESOURCE_CHANGE.matcher(left);
            while (m.find()) {
                String w = m.group();
                String key = w.matches("(?s)(?:메모리|memory|mem|ram|램).*") ? Overrides.MEM
                    : w.matches("(?s)(?:cpu|코어|core).*") ? Overrides.CPUS : Overrides.TIME;
                if (!overrides.containsKey(key)) return true;
            }
            return false;
        }

        /** "4:00:00" → "04:00:00": SLURM's form, hours in two digits. */
        static String clock(String v) {
            return v.replaceFirst("^((?:\\d{1,3}-)?)(\\d):", "$10$2:");
        }

        String duration(Matcher m) {
            if (m.group(1) == null && m.group(2) == null && m.group(4) == null) return null;
            // "1시간 반": and a half
            return Overrides.duration(num(m.group(1)), num(m.group(2)), num(m.group(4)) + (m.group(3) != null ? 30 : 0));
        }

        void capture(Pattern p, String text, String key, java.util.function.Function<Matcher, String> value) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                String v = value.apply(m);
                if (v == null) continue;
                if (!Overrides.valid(key, v)) {
                    flags.add(Flag.INVALID_VALUE);
                } else if (overrides.containsKey(key) && !overrides.get(key).equals(v)) {
                    flags.add(Flag.INVALID_VALUE); // two different values for one key: ask
                } else {
                    overrides.put(key, v);
                }
                blank(m.start(), m.end());
            }
        }

        List<String> findJobIds() {
            List<String> ids = new ArrayList<>();
            Matcher explicit = JOBID_VAR.matcher(low());
            while (explicit.find()) {
                String id = canonicalJobId(explicit.group(1));
                if (id != null && !ids.contains(id)) ids.add(id);
                blank(explicit.start(), explicit.end());
            }
            Matcher m = JOB_ID.matcher(low());
            while (m.find()) {
                String id = canonicalJobId(m.group(1));
                if (id != null && !ids.contains(id)) ids.add(id);
                blank(m.start(1), m.end(1));
            }
            return ids;
        }

        void findUnknownWords() {
            Matcher m = TOKEN.matcher(low());
            while (m.find()) {
                String w = m.group().replaceAll("[./-]+$", "");
                if (w.isEmpty() || STOPWORDS.contains(w) || w.chars().noneMatch(Character::isLetter)) continue;
                if (CLOCK_TOKEN.matcher(w).matches()) continue; // "before the 3pm sync"
                if (w.length() < 2) continue;
                unknownWords.add(w);
            }
        }

        // ---- decision -----------------------------------------------------------------------------------------

        Intent decide(List<Match> matches, List<String> jobIds, boolean range, String beforeIds) {
            // 1. which actions are asked for, which negated, which only hinted at
            Set<Action> asked = new LinkedHashSet<>();
            Set<Action> yielding = new LinkedHashSet<>();
            Set<Action> negated = new LinkedHashSet<>();
            Set<Action> hinted = new LinkedHashSet<>();
            Set<Action> explicit = new LinkedHashSet<>();
            Set<Action> reported = EnumSet.noneOf(Action.class);
            String text = new String(lowBeforeActions(matches));
            List<Match> kept = new ArrayList<>();
            // after "… 하지 말아주세요" (not "말고 …") a clause that asks nothing only tells why: "거의 다 끝났어요"
            int holdsFrom = Integer.MAX_VALUE;
            for (int i = 0; i < matches.size(); i++) {
                Match m = matches.get(i);
                // a negation after the next action word is that word's ("push만 돌리진 말고": the run is refused),
                // unless that word is the verb of a run-like noun ("sweep은 돌리지 마": the sweep is refused)
                boolean runNoun = m.action() == Action.SWEEP || m.action() == Action.FULL || m.action() == Action.RUN;
                int next = i + 1 < matches.size() && !runNoun ? matches.get(i + 1).start() : text.length();
                Negation n = negation(text, m, Math.max(next, m.end()));
                if (n == Negation.NONE) {
                    kept.add(m);
                } else if (n == Negation.REPORTED) {
                    reported.add(m.action());
                } else {
                    negated.add(m.action());
                    if (n == Negation.HOLD) holdsFrom = Math.min(holdsFrom, m.end());
                }
            }
            // a negation someone said ("돌리면 안 된다고 하셔서요") is only the reason when the same thing is asked for
            // elsewhere ("lab 계정으로 돌려주실 수 있나요?"); alone ("돌리지 말라고 했어") it holds the bot back
            for (Action a : reported) {
                if (kept.stream().noneMatch(k -> k.action() == a)) negated.add(a);
            }
            for (Match m : kept) {
                if (m.start() >= holdsFrom && !REQUESTS.matcher(clause(text, m)).find()) continue;
                switch (m.kind()) {
                    case STRONG -> asked.add(m.action());
                    case YIELDING -> yielding.add(m.action());
                    case WEAK -> hinted.add(m.action());
                }
                if (m.explicitTarget()) explicit.add(m.action());
            }
            Set<Action> actions = new LinkedHashSet<>(asked);
            if (explicit.size() == 1) {
                actions = new LinkedHashSet<>(explicit); // "slurm-image-refresh 실행": the target name wins
            } else if (actions.contains(Action.HISTORY)) {
                actions = new LinkedHashSet<>(List.of(Action.HISTORY)); // "누가 취소했어?" is a question about the past
            } else if (actions.isEmpty()) {
                actions.addAll(yielding);
                if (actions.size() > 1 && actions.contains(Action.HELP)) actions.remove(Action.HELP);
                if (actions.size() > 1 && actions.contains(Action.SHOW)) actions.remove(Action.SHOW);
            }
            Set<Action> asWritten = new LinkedHashSet<>(actions);
            combine(actions);
            hinted.removeAll(actions);

            // 2. profile and job id
            String profile = named.size() == 1 ? named.iterator().next() : null;
            if (named.size() > 1) flags.add(Flag.MULTIPLE_PROFILES);
            // "백테 어케됨?", "exit study 로그": the one profile these words are parts of; the card names it
            String part = profile == null && named.isEmpty() && !unmappedScript && !unknownWords.isEmpty()
                ? partial() : null;
            boolean byPart = part != null;
            if (byPart) profile = part;
            List<String> byParts = profile == null && named.isEmpty() && !unknownWords.isEmpty()
                ? ProfileNames.headed(unknownWords, profiles) : List.of();
            if (byParts.size() > 1) { // "백테랑 옵티 둘 다 돌려줘": two profiles by their short names
                named.addAll(byParts);
                flags.add(Flag.MULTIPLE_PROFILES);
            }
            // "옵티 말고 백테 돌려줘": the profile said "not" is no target
            if (flags.contains(Flag.MULTIPLE_PROFILES)) {
                Set<String> dropped = new HashSet<>();
                Matcher not = NOT_THIS_WORD.matcher(orig.toLowerCase(Locale.ROOT));
                while (not.find()) {
                    String w = not.group(1);
                    for (String p : named) {
                        if (p.equalsIgnoreCase(w) || p.equals(ProfileNames.byParts(List.of(w), profiles))) dropped.add(p);
                    }
                }
                if (!dropped.isEmpty() && named.size() - dropped.size() == 1) {
                    named.removeAll(dropped);
                    profile = named.iterator().next();
                    flags.remove(Flag.MULTIPLE_PROFILES);
                }
            }
            // "옵티 결과 가져오고 백테 돌려줘": two profiles, two requests — not one full run of either
            if (flags.contains(Flag.MULTIPLE_PROFILES) && actions.contains(Action.FULL) && !asWritten.contains(Action.FULL)) {
                actions = asWritten;
            }
            // "812 말고 813 로그": the id said "not" is no target (a cancel keeps both ids and asks: never a guess)
            if (!matches.stream().anyMatch(m -> m.action() == Action.CANCEL)) {
                Set<String> notThese = new HashSet<>();
                Matcher not = NOT_THIS_ID.matcher(beforeIds);
                while (not.find()) notThese.add(not.group(1));
                jobIds.removeIf(notThese::contains);
            }
            String jobId = jobIds.size() == 1 && !range ? jobIds.get(0) : null;

            // "메모리 부족으로 또 죽었어 백테 이번엔 96G", "timeout 났네 bt 시간 8시간으로 다시 ㄱㄱ": what went wrong, then
            // the run again with the value that should fix it
            if (actions.equals(Set.of(Action.STATUS)) && profile != null && jobIds.isEmpty()
                    && overrides.keySet().stream().anyMatch(RUN_OVERRIDES::contains)) {
                int said = kept.stream().filter(k -> k.action() == Action.STATUS).mapToInt(Match::start).max().orElse(0);
                Matcher again = AGAIN.matcher(beforeIds);
                if (again.find(Math.min(said, beforeIds.length())) && !beforeIds.strip().endsWith("?")) {
                    actions = new LinkedHashSet<>(List.of(Action.RUN));
                }
            }

            // 3. the action
            if ((HOW_TO.matcher(beforeIds).find() || WHAT_IS_TERM.matcher(beforeIds).find())
                    && !flags.contains(Flag.SUSPICIOUS) && negated.isEmpty()) {
                return result(Action.HELP, null, null, false, null); // "취소는 어떻게 해요": how, not now
            }
            Action action;
            String question = null;
            boolean unsure = false;
            if (actions.size() > 1) {
                flags.add(Flag.MULTIPLE_ACTIONS);
                List<Action> listed = new ArrayList<>(actions);
                // the first one asked names the message (never acted on: unsure, and the question lists both); a log's
                // lines and stream stay for the reading that picks it ("왜 또 죽었어 ㅠㅠ 에러 로그 좀")
                keepLogValues = listed.contains(Action.LOG);
                return result(listed.get(0), profile, jobId, true, Questions.multipleActions(listed));
            }
            Set<Action> both = EnumSet.noneOf(Action.class);
            both.addAll(actions);
            both.retainAll(negated);
            if (!both.isEmpty() && DRY_RUNNABLE.containsAll(both) && (dryRun || NOT_FOR_REAL.matcher(beforeIds).find())) {
                dryRun = true; // "드라이런으로 옵티 돌려봐 실제 제출은 말고": a preview is what is asked
                negated.removeAll(both);
                both.clear();
            }
            if (!both.isEmpty()) { // "실행하지 마 … 실행해" in one message
                flags.add(Flag.NEGATED);
                return result(Action.UNKNOWN, profile, jobId, true, Questions.negated(both.iterator().next()));
            }
            // "옛날 결과 폴더들 클린", "옵티 예전 결과물 삭제 가능?", "한 달 넘은 거 삭제": old results and files are
            // what a clean lists, whichever of the clean and results words said it
            Set<Action> spoken = EnumSet.noneOf(Action.class);
            spoken.addAll(actions);
            spoken.addAll(hinted);
            boolean oldFiles = spoken.contains(Action.CLEAN) && EnumSet.of(Action.CLEAN, Action.COLLECT, Action.LOG).containsAll(spoken)
                && AGED.matcher(beforeIds).find();
            if (actions.size() == 1) {
                action = actions.iterator().next();
                boolean destructiveHint = hinted.stream().anyMatch(DESTRUCTIVE::contains);
                if (!hinted.isEmpty() && (DESTRUCTIVE.contains(action) || destructiveHint) && !oldFiles) {
                    // "결과 정리해줘": results or run dirs?  "로그 지워줘": deleting logs is not an action
                    unsure = true;
                    question = Questions.vague(action, profile);
                }
            } else if (!negated.isEmpty()) {
                Action first = negated.iterator().next();
                if (dryRun && DRY_RUNNABLE.contains(first) && negated.size() == 1) {
                    action = first; // "실행은 하지 말고 미리보기만": the dry run is what is asked
                } else {
                    flags.add(Flag.NEGATED);
                    return result(Action.UNKNOWN, profile, jobId, true, Questions.negated(first));
                }
            } else if (oldFiles) {
                action = Action.CLEAN;
            } else if (hinted.equals(EnumSet.of(Action.COLLECT)) && ONLY_RESULTS.matcher(beforeIds).find()) {
                action = Action.COLLECT; // "bt 812_3 결과만", "방금 거 결과": the results, asked for in two words
            } else if (hinted.size() == 1) {
                action = hinted.iterator().next();
                // "옵티마이저 출력 마지막 30줄": lines of output are a log, whatever the word for it
                // "2048 출력": a job's output named with its id is its log
                if (action != Action.LOG || !overrides.containsKey(Overrides.LINES) && !overrides.containsKey(Overrides.STREAM)
                        && jobId == null) {
                    unsure = true;
                    question = Questions.vague(action, profile);
                }
            } else if (dryRun) {
                // "어떤 디렉토리 지울 수 있는지 목록만 보여줘": the list a clean would delete
                action = hinted.equals(EnumSet.of(Action.CLEAN)) ? Action.CLEAN : sweep != null ? Action.SWEEP : Action.RUN;
            } else if (profile != null && GO.matcher(beforeIds).find()) {
                if (NEGATION_ANYWHERE.matcher(beforeIds).find()) { // "backtest_v5 ㄱㄱ 하지 마"
                    flags.add(Flag.NEGATED);
                    return result(Action.UNKNOWN, profile, jobId, true, Questions.negated(Action.RUN));
                }
                action = Action.RUN; // "백테 ㄱㄱ", "바로 study_exit_params 고고": a profile and "go", nothing else
            } else if (sweep != null && (profile != null || SWEEP_WORD.matcher(beforeIds).find())) {
                action = Action.SWEEP; // "backtest_v5 seed 1~4": a grid without a verb, ask
                if (holdsBack(orig)) { // a profile and a grid ask for the sweep (its card shows every task)
                    unsure = true;
                    question = Questions.confirm(Action.SWEEP, profile);
                }
            } else if (profile != null && overrides.keySet().stream().anyMatch(RUN_OVERRIDES::contains)) {
                action = Action.RUN; // "backtest_v5 CPU 40개로": probably a run, but ask
                // "백테 cpu 8개로 부탁드립니다" asks for it; "이번엔 64G로 백테 다시" runs it again with that
                if (!REQUESTS.matcher(beforeIds).find() && !AGAIN.matcher(beforeIds).find()) {
                    unsure = true;
                    question = Questions.confirm(Action.RUN, profile);
                }
            } else if (resourceNoValue && actions.isEmpty() && AGAIN.matcher(beforeIds).find()) {
                action = Action.RUN; // "OOM 났던데 메모리 늘려서 다시 좀": a run again with more, the value still to ask
                unsure = true;
            } else {
                String q = profile != null ? Questions.get("bareProfile", profile) : Questions.get("unknown");
                if (NEGATION_ANYWHERE.matcher(beforeIds).find()) flags.add(Flag.NEGATED); // "40211은 건드리지 마세요"
                else if (profile == null && EXISTS.matcher(beforeIds).find()
                        && unknownWords.stream().anyMatch(RuleParser::strong)) {
                    return result(Action.PROFILES, null, null, false, null); // "backtest_v9 있어?": the list answers
                }
                return result(Action.UNKNOWN, profile, jobId, true, q);
            }

            // "코드 업로드는 건너뛰고 잡만 제출해주세요": a run without its push is a submit
            if (action == Action.RUN && (negated.contains(Action.PUSH) || CODE_AS_IS.matcher(beforeIds).find())
                    && !flags.contains(Flag.NEGATED)) {
                action = Action.SUBMIT;
            }
            // a grid turns a run into one sweep ("seed 1부터 20까지 돌려줘"); any other action ignores it
            if (sweep != null && (action == Action.RUN || action == Action.FULL || action == Action.SUBMIT)) {
                action = Action.SWEEP;
            }

            // "show me the last 50 lines of 812_3", "마지막 100줄 보여줘": a profile's card has no lines, a log has
            if (action == Action.SHOW && overrides.containsKey(Overrides.LINES)) action = Action.LOG;
            // "백테 말고 다른 프로필도 있어?": the list, whichever name was said "not"
            if (action == Action.PROFILES) profile = null;

            // 4. what the action needs
            if (action != Action.LOG) {
                overrides.remove(Overrides.LINES);
                overrides.remove(Overrides.STREAM);
            }
            if (action == Action.SHOW && profile == null && named.isEmpty() && unknownWords.isEmpty()
                    && PROFILE_WORD.matcher(beforeIds).find()) {
                action = Action.PROFILES; // "프로필 보여줘": the list answers it
            }
            if (action == Action.CANCEL) {
                boolean bulk = jobIds.size() > 1 || range || BULK.matcher(beforeIds).find()
                    || COUNT.matcher(beforeIds).find();
                if (bulk) {
                    flags.add(Flag.BULK);
                    return result(Action.CANCEL, profile, null, true, Questions.get("bulkCancel"));
                }
                if (jobId == null) {
                    flags.add(Flag.NEEDS_JOBID);
                    return result(Action.CANCEL, profile, null, true, Questions.get("cancelNeedsJobId"));
                }
                if (overrides.keySet().stream().anyMatch(RUN_OVERRIDES::contains)) { // "812 취소해줘 -c 4": which is it?
                    return result(Action.CANCEL, profile, jobId, true, Questions.confirm(Action.CANCEL, profile, jobId));
                }
                if (CANCEL_THEN_AGAIN.matcher(beforeIds).find()) { // "40877 취소하고 시간 늘려서 다시": and a new run
                    flags.add(Flag.MULTIPLE_ACTIONS);
                    return result(Action.CANCEL, profile, jobId, true,
                        Questions.multipleActions(List.of(Action.CANCEL, Action.RUN)));
                }
            }
            if ((action == Action.CANCEL || action == Action.CLEAN) && othersWork(beforeIds)) {
                if (action == Action.CANCEL && namesManyJobs(orig)) flags.add(Flag.BULK); // "지훈님 잡까지 싹 다"
                return result(action, profile, jobId, true, Questions.get("othersWork", Questions.label(action)));
            }
            if (jobIds.size() > 1 && FROM_STATE.contains(action)) {
                flags.add(Flag.BULK); // "12345 12346 로그": one job at a time
                return result(action, profile, null, true, Questions.get("oneJob"));
            }
            if (!READ_ONLY.contains(action) && asksForLater(beforeIds)) {
                unsure = true; // "4시간 뒤에 실행해줘", "취소는 나중에": not now, and the bot does not schedule
                question = Questions.get("later", Questions.confirm(action, profile, jobId));
            }
            if (!READ_ONLY.contains(action) && HESITATION.matcher(beforeIds).find() && question == null) {
                unsure = true; // "study_exit_params 한번 돌려볼까 생각 중이에요": asked back, not started
                question = Questions.confirm(action, profile, jobId);
            }
            if (!READ_ONLY.contains(action) && refuses(" " + beforeIds)) {
                unsure = true; // "12345 취소? 아니 그냥 둬"
                question = Questions.confirm(action, profile, jobId);
            }
            if (byPart) {
                // the profile came from parts of its name ("백테스트 돌려줘"): nothing more to ask about it
            } else if (takesProfile(action) && profile == null && named.isEmpty()) {
                String suggestion = unknownWords.isEmpty() ? null : suggest(unknownWords);
                // a word that is no profile ("vpn 튕겼음 40211 리커버") is only taken for one where a profile is needed
                List<String> nameLike = CREATES.contains(action) ? unknownWords
                    : unknownWords.stream().filter(RuleParser::strong).toList();
                if (!nameLike.isEmpty()) {
                    String word = nameLike.get(0);
                    flags.add(Flag.UNKNOWN_PROFILE);
                    flags.add(Flag.NEEDS_PROFILE); // a name that exists nowhere: the profile is still to be named
                    String q = suggestion != null ? Questions.didYouMean(word, suggestion, action)
                                                  : Questions.unknownProfile(word, profiles);
                    return result(action, null, jobId, true, q);
                }
                if (CREATES.contains(action)) {
                    flags.add(Flag.NEEDS_PROFILE);
                    return result(action, null, jobId, true, Questions.profileFor(action, profiles));
                }
                if ((FROM_STATE.contains(action) || action == Action.SHOW) && jobId == null) {
                    flags.add(Flag.NEEDS_PROFILE); // the policy takes the one tracked job, or asks this
                    if (question == null) question = Questions.profileFor(action, profiles);
                    // "설정 보여줘", "결과 비교 좀": whose? asked (the conversation's one profile answers it)
                    if (action == Action.SHOW || action == Action.COMPARE) unsure = true;
                } else if (action == Action.COLLECT) {
                    flags.add(Flag.NEEDS_PROFILE); // "812 결과 가져와": no profile named; the job's own is used
                }
            } else if (takesProfile(action) && profile != null && unknownWords.stream().anyMatch(RuleParser::strong)) {
                flags.add(Flag.UNKNOWN_PROFILE); // "backtest_v5 optimizer_v9 실행": which one?
                String word = unknownWords.stream().filter(RuleParser::strong).findFirst().orElseThrow();
                unsure = true;
                question = Questions.unknownProfile(word, profiles);
            }
            if (flags.contains(Flag.MULTIPLE_PROFILES)) {
                return result(action, null, jobId, true, Questions.multipleProfiles(named));
            }
            if (action == Action.SWEEP && sweep == null) {
                unsure = true; // "여러 시드로 돌려볼래": which values? (a missing profile was asked for above)
                question = Questions.get("sweepNeedsGrid", profile != null ? profile : "PROFILE");
            }
            if (flags.contains(Flag.INVALID_VALUE)) {
                unsure = true;
                question = resourceNoValue ? Questions.get("resourceNoValue", profile != null ? profile : "<Profile>")
                    : Questions.get("invalidValue");
            }
            if (scriptArgs != null && CREATES.contains(action)) {
                flags.add(Flag.INVALID_VALUE); // "backtest_v5 --seed 8로 실행": not with the profile's args unasked
                unsure = true;
                question = Questions.get("scriptArgs", scriptArgs, profile != null ? profile : "PROFILE");
            }
            return result(action, profile, jobId, unsure, question);
        }

        char[] lowBeforeActions(List<Match> matches) {
            // negation is read around each action word, in the text as it was before action words were blanked
            char[] c = low.clone();
            for (Match m : matches) {
                for (int i = m.start(); i < m.end(); i++) c[i] = Character.toLowerCase(orig.charAt(i));
            }
            return c;
        }

        /**
         * Whether the action word is negated, and how: "돌리지 말고 기다려" (INSTEAD: the other request stands) or
         * "돌리지 말아주세요" (HOLD). A status word is never a negated request: "아직 안 끝났나요" asks about it.
         */
        Negation negation(String text, Match m, int next) {
            if (m.action() == Action.STATUS) return Negation.NONE;
            String after = text.substring(m.end(), Math.min(next, m.end() + 16));
            if (LEFT_OUT_AFTER.matcher(after).lookingAt()
                    || !READ_ONLY.contains(m.action()) // "아까 돌린 거 뭐였지" asks about it
                        && LEFT_OUT_BEFORE.matcher(text.substring(Math.max(0, m.start() - 12), m.start())).find()) {
                return Negation.INSTEAD; // "push 없이 submit", "푸시는 아까 했어요, 서밋만", "no submit"
            }
            Matcher a = NEGATION_AFTER.matcher(after);
            if (a.find()) {
                if (REPORTED.matcher(text).region(m.end() + a.end(), text.length()).lookingAt()) {
                    return Negation.REPORTED; // "제 개인 계정으로 돌리면 안 된다고 하셔서요": what someone said
                }
                boolean instead = a.group().endsWith("말고")
                    || INSTEAD.matcher(text.substring(m.end() + a.end())).lookingAt();
                return instead ? Negation.INSTEAD : Negation.HOLD;
            }
            String before = text.substring(Math.max(0, m.start() - 16), m.start());
            Matcher b = NEGATION_BEFORE.matcher(before);
            if (b.find()) {
                if (TOLD_AFTER.matcher(text).region(m.end(), text.length()).lookingAt()) {
                    return Negation.NONE; // "결과 아직 안 받았는데 지금 가져와": not done yet, told as the reason
                }
                return b.group().contains("without") ? Negation.INSTEAD : Negation.HOLD;
            }
            return Negation.NONE;
        }

        /** The action word and the rest of its clause (to the next . ! ? , ~, at most 24 characters on). */
        String clause(String text, Match m) {
            int limit = Math.min(text.length(), m.end() + 24);
            Matcher e = CLAUSE_END.matcher(text).region(m.end(), limit);
            return text.substring(m.start(), e.find() ? e.end() : limit);
        }

        Intent result(Action action, String profile, String jobId, boolean unsure, String question) {
            if (flags.contains(Flag.SUSPICIOUS)) {
                unsure = true;
                question = Questions.get("suspicious", suspiciousChars);
            }
            Map<String, String> ov = new LinkedHashMap<>(overrides);
            if (action != Action.LOG && !keepLogValues) {
                ov.remove(Overrides.LINES);
                ov.remove(Overrides.STREAM);
            }
            if (action == Action.SWEEP && sweep != null) ov.put(Overrides.SWEEP, sweep.toMake());
            // "gpu 파티션 지금 많이 밀려있어?", "who ran stuff on gpu": a partition asked about is no run value (on a
            // message with two requests they stay, for the reading that picks the run)
            if ((action == Action.STATUS || action == Action.HISTORY) && !flags.contains(Flag.MULTIPLE_ACTIONS)) {
                ov.keySet().removeAll(RUN_OVERRIDES);
            }
            return new Intent(action, profile, jobId, ov, dryRun, unsure ? Confidence.UNSURE : Confidence.SURE,
                "rules", question, flags);
        }

        /** "backtest" → backtest_v5; "exit params study" → study_exit_params: parts of exactly one profile. */
        String partial() {
            return ProfileNames.byParts(unknownWords, profiles);
        }

        String suggest(List<String> words) {
            for (String w : words) {
                String k = ProfileNames.key(w);
                if (k.length() < 5) continue;
                List<String> near = profiles.stream().filter(p -> distance(k, ProfileNames.key(p)) <= 2).toList();
                if (near.size() == 1) return near.get(0);
            }
            return null;
        }
    }

    // ---- for the layers after the rules ------------------------------------------------------------------------

    /**
     * Words that ask for a grid to be run as one sweep ("그리드로", "각각", "4개씩"); they act only together with a grid and
     * a profile.
     */
    private static final Pattern SWEEP_WORD = Pattern.compile(
        "스윕|어레이|그리드|한꺼번에|각각|씩(?![가-힣])|(?<![a-z])(?:sweep|array|grid)"); // "cpu 4개씩": per task

    /**
     * "ㄱㄱ", "ㄱ", "고고", "go": go ahead, said beside a profile name and nothing else (NFKC makes ㄱ U+1100); "ㄱㅅ"
     * (thanks) is no go.
     */
    /** A run asked for once more after what went wrong ("이번엔 96G", "다시 ㄱㄱ"). */
    private static final Pattern CANCEL_THEN_AGAIN = Pattern.compile(
        "(?:취소|캔슬|(?<![a-z])s?cancel)\\S*\\s*(?:하고|한\\s*(?:다음|뒤|후)|후에?)\\s.*(?:다시|재실행|재제출)");
    private static final Pattern AGAIN = Pattern.compile("이번엔|이번에는|다시|재실행|재시도");
    private static final Pattern GO = Pattern.compile(
        "(?<![가-힣ㄱ-ㅣ\u1100-\u11ff])[ㄱ\u1100]{1,4}(?![가-힣ㄱ-ㅣ\u1100-\u11ff])|(?<![가-힣])고고(?![가-힣])|가즈아|(?<![a-z])go(?![a-z])");

    /** Words that negate a request without the rules having tied them to an action word. */
    private static final Pattern NEGATION_ANYWHERE = Pattern.compile(
        "(?<!미)지\\s*(?:마|말|않|맙)|진\\s*(?:마|말)|면\\s*안\\s*(?:돼|되|됩)|필요\\s*없|안\\s*해도|하지\\s*말|"
            // "이미지 (다시) 말아줘" rolls an image (slang for building one); any other 말아 holds back
            + "(?<!이미지\\s?|이미지\\s?다시\\s?|이미지\\s?새로\\s?|image\\s?|도커\\s?)말아|"
            + "(?<![a-z])(?:don't|dont|do\\s+not|never|no\\s+need)(?![a-z])");

    /** The cluster's own daemons: restarting one is a machine operation. */
    private static final String DAEMON = "slurmctld|slurmd|slurmdbd|munged?|데몬|컨트롤러|(?<![a-z])(?:daemon|controller)";

    /**
     * A request to reboot, shut down or restart a machine: the bot runs none, so no layer may read such a message as
     * one of its actions. A reboot told as what happened ("서버 재부팅 후에 … 다시 잡아") is not a request.
     */
    private static final Pattern MACHINE_OPERATION = Pattern.compile(
        "(?:(?:재부팅|리부트|리붓|셧다운)|(?:서버|노드|머신|클러스터|컴퓨터|장비|node|server|machine|" + DAEMON + ")"
            + "\\s*(?:를|을|좀|하나|[한두세]\\s*대|\\d{1,3}\\s*(?:번|대)?|[a-z][a-z0-9-]*\\d[a-z0-9-]*|\\s)*" // "gpu 노드 하나 재시작", "노드 cn03 재시작"
            + "(?:재시작|재기동|리스타트|껐다\\s*켜|꺼|끄|내려))\\s*(?:을|를)?\\s*(?:좀\\s*)?(?:해(?!서)|시켜(?!서)|부탁|줘|주세요|하자|ㄱ|필요|해야|가능|될까|돼\\?|좀|$)|"
            + "(?<![a-z])(?:reboot|shut\\s*down|power\\s*off)(?![a-z])|"
            + "(?<![a-z])restart\\s+(?:the\\s+)?(?:[a-z]+\\s+)?(?:server|node|machine|cluster|" + DAEMON + ")");

    /**
     * A request to change the cluster itself (a partition's time limit, slurm.conf, QOS) or for rights on it (sudo):
     * the bot does neither, so no layer may read such a message as one of its actions ("파티션 time limit 늘려줘" is
     * not a run with a time override).
     */
    private static final Pattern CLUSTER_ADMIN = Pattern.compile(
        "(?:(?:파티션|partition)\\s*(?:의\\s*)?(?:time\\s*limit|timelimit|시간\\s*제한|타임\\s*리밋|max\\s*time|maxtime|"
            + "리밋|limit|제한|qos|우선\\s*순위|priority)"
            + "|(?:클러스터|cluster|슬럼|slurm)\\s*(?:의\\s*)?(?:설정|config|정책|policy|qos|리밋|limit|제한)"
            // an account's or a job's share of the cluster: "내 계정 fairshare 올려줄 수 있어?", "우선순위 올려줘"
            // a SLURM limit by its name: "MaxJobsPerUser 20으로 올려줄 수 있나요"
            + "|(?<![a-z])(?:max(?:jobs|submit|wall|tres|nodes|cpus|arraysize|time)[a-z]*|grp(?:tres|jobs|submit|wall)[a-z]*)"
            + "|(?:fair\\s*share|페어\\s*(?:셰어|쉐어)|우선\\s*순위|가중치|(?<![a-z])(?:priority|qos))"
            // a disk quota: "내 계정 disk quota 늘려줄 수 있나?"
            + "|(?<![a-z])quota(?![a-z])|쿼터|디스크\\s*(?:할당|한도)|(?:최대\\s*)?(?:한도|상한)"
            + ")"
            // "… 시간 제한 늘려서 돌려줘" is a run that asks for more time: only the change itself is the admins'
            // ("파티션 time limit 2시간으로 올려주세요": with the value it should become)
            + "\\S*\\s*(?:(?:기본값|기본|값|한도|제한|상한|우리|팀|제|내|저희)\\S*\\s*){0,2}(?:\\d{1,4}\\s*(?:시간|분|일|h|hours?|mins?)?\\S*\\s*)?(?:좀\\s*)?(?:늘려|늘리|줄여|줄이|바꿔|바꾸|변경|수정|올려|풀어|조정|"
            + "(?<![a-z])(?:increase|raise|change|extend|bump))(?!서|(?:해|하)서)|"
            + "slurm\\.conf|scontrol\\s+update|(?<![a-z])sudo(?![a-z])|(?:루트|root|관리자|admin)\\s*권한|"
            // the cluster's defaults for everyone: "기본 파티션을 all에서 gpu로 바꿔주실 수 있나요?"
            + "(?:기본|default|디폴트)\\s*(?:파티션|partition|계정|account)\\S*\\s*(?:\\S+\\s*){0,3}?(?:바꿔|바꾸|변경)|"
            + "(?:파티션|partition|계정|account)\\S*\\s*(?:기본값|기본|디폴트|default)\\S*\\s*(?:\\S+\\s*){0,2}?(?:바꿔|바꾸|변경)|"
            // "새 계정 발급은 누구한테 얘기해요?": accounts are the admins'
            + "계정\\S*\\s*(?:발급|신청|생성|만들어)|"
            // more machines for a partition: "debug 파티션에 노드 좀 더 붙여주세요"
            + "(?:노드|(?<![a-z])nodes?(?![a-z]))\\S*\\s*(?:좀\\s*)?(?:더\\s*)?(?:붙여|추가|늘려|할당)|"
            // "gpu partition에 노드 하나 더 추가해줘", "새 노드 gpu 파티션에 추가해줘"
            + "(?:노드|(?<![a-z])nodes?(?![a-z]))\\S*\\s*(?:\\S+\\s*){1,3}?(?:붙여|추가|달아)(?!서|(?:해|하)서)|"
            // taking a node out of or back into service: "노드 3번 drain 풀어줘"
            + "(?<![a-z])(?:drain|undrain|resume)(?![a-z])|드레인");

    /**
     * Other systems the team also talks about in Slack (CI, Kubernetes, the login node): none of them is the bot's,
     * so their "로그 보여줘" or "다시 돌려줘" is not a job's.
     */
    private static final Pattern OTHER_SYSTEM = Pattern.compile(
        "(?<![a-z])(?:jenkins|github\\s*actions?|gitlab(?:\\s*ci)?|circle\\s*ci|travis|airflow|argo|k8s|kubernetes|"
            + "kubectl|pods?|helm|login\\s*node)(?![a-z])|(?<![a-z])vpn\\s*(?:설정|설치|신청|계정|접속\\s*방법|연결\\s*방법)|비밀\\s*번호|패스워드|그라파나|프로메테우스|회의실|종가|시가\\s*총액|주가|환율|(?<![a-z])(?:wandb|mlflow|tensorboard)(?![a-z])|(?<![a-z])(?:grafana|prometheus)(?![a-z])|(?<![a-z])(?:password|notion|jira|confluence)(?![a-z])|노션|지라|컨플루언스|젠킨스|쿠버네티스|로그인\\s*노드|깃헙\\s*액션|블룸버그|(?<![a-z])bloomberg(?![a-z])|엑셀\\s*매크로|(?<![a-z])vba(?![a-z])");

    /**
     * Someone else's jobs or files ("남의 폴더까지", "민수님이 돌리신 60012", "다른 팀 분 잡"): a cancel or a clean of
     * them is asked about, never done on the rules' word.
     */
    private static final Pattern OTHERS = Pattern.compile(
        "남의|남\\s*(?:꺼|거|것)|남들|다른\\s*(?:사람|팀|분|유저|사용자|연구원)|"
            + "[가-힣]{1,4}(?:님|형|누나|언니|선배|씨)\\s*(?:이|가|께서|의|네)?\\s*(?:[a-z가-힣_0-9]+\\s+){0,2}" // "지훈님 옵티 잡 40298"
            + "(?:돌리신|돌린|올리신|올린|제출하신|제출한|잡(?![고아았으])|꺼|거|것|결과|폴더|파일|디렉토리|\\d{2,12}(?:_\\d+)?(?![0-9]))|"
            // a colleague by first name: "지훈이가 올린 812_3", "민준이 잡 40877"
            + "(?<![가-힣])[가-힣]{2,3}이(?:가|네)?\\s*(?:돌린|올린|제출한|잡|job|꺼|거)|"
            + "(?<![a-z])(?:some(?:one|body)\\s+else|other\\s+(?:people|users?|teams?)|(?:his|her|their)\\s+(?:jobs?|runs?|files?))(?![a-z])");

    /**
     * A colleague by bare first name before their job or files: "민수 잡 7731", "민수 씨 job 5120", "재훈이 옵티 결과
     * 폴더". The name is a Hangul word of two or three syllables; the words this team puts before its own jobs ("백테 잡",
     * "배열 잡", "방금 잡") and adnominal forms ("죽은 잡", "돌던 잡") are no names.
     */
    private static final Pattern BARE_NAME = Pattern.compile(
        "(?<![가-힣])([가-힣]{2,3})(?:\\s*(?:잡|job)\\s*\\d{2,12}(?![0-9])|\\s+씨\\s*(?:[a-z가-힣_]+\\s+)?"
            + "(?:잡|job|꺼|거|결과|폴더|파일|디렉토리|\\d{2,12}(?![0-9]))|이(?:가|네)?\\s*(?:[a-z가-힣_]+\\s+)?"
            + "(?:잡|job|꺼|거|결과|폴더|파일|디렉토리)"
            // "민수꺼 옵티 41002": the name with 꺼 before the job
            + "|\\s?(?:꺼|거|것)\\s*(?:[a-z가-힣_]+\\s+)?(?:잡|job|결과|폴더|파일|\\d{2,12}(?![0-9])))");
    private static final Set<String> NOT_NAMES = Set.of("백테", "옵티", "배열", "스윕", "테스트", "스터디", "방금", "아까",
        "어제", "오늘", "이번", "저번", "지난", "최근", "마지막", "처음", "실행", "제출", "디버그", "메인", "배치", "청산", "문제",
        "에러", "대기", "펜딩", "러닝", "예전", "옛날", "결과", "로그", "임시", "전체", "모든", "다른", "우리", "제가", "내가",
        "파일", "폴더", "노드", "이미지", "출력", "용량", "디스크", "어레이", "태스크", "작업", "시드", "엑싯", "익절", "손절",
        "옵티마", "백테스", "두번째", "첫번째", "새로", "다시", "이전", "그거", "이거", "저거", "해당", "지난번", "최신",
        "아까꺼", "요번", "금방", "아까그", "번째", "세번째", "네번째", "그다음", "다음", "예전꺼");
    private static final Pattern ADNOMINAL = Pattern.compile("(?:는|던|한|된|난|린|간|운|든|쓴|른|긴|친|힌|춘|뜬|은)$");

    /** Whether the message is about someone else's job or files (a cancel or clean of those asks). */
    static boolean othersWork(String low) {
        if (OTHERS.matcher(low).find()) return true;
        Matcher m = BARE_NAME.matcher(low);
        while (m.find()) {
            String name = m.group(1);
            if (!NOT_NAMES.contains(name) && !ADNOMINAL.matcher(name).find()) return true;
        }
        return false;
    }

    /**
     * Whether a message holds something back (a negation, a refusal, a "later", only thinking about it, a machine to
     * reboot, the cluster's own settings): a layer that
     * guesses an action the rules could not name must then leave the rules' answer as it is.
     */
    static boolean holdsBack(String text) {
        String low = normalize(text == null ? "" : text).toLowerCase(Locale.ROOT);
        return NEGATION_ANYWHERE.matcher(low).find() || refuses(" " + low)
            || LATER.matcher(low).find() || HESITATION.matcher(low).find() || MACHINE_OPERATION.matcher(low).find()
            || CLUSTER_ADMIN.matcher(low).find() || OTHER_SYSTEM.matcher(low).find();
    }

    /** What makes "됐어" a question about progress ("몇 퍼센트 됐어", "어디까지 됐어", "푸시는 됐어"), not "never mind". */
    private static final Pattern PROGRESS_BEFORE_DONE = Pattern.compile(
        "(?:(?:^|\\s)다|몇\\s*[가-힣%]{1,4}|어디까지|어떻게|얼마나|거의|반쯤|[0-9]+\\s*%|[가-힣a-z][은는이가])\\s*$");

    /** A refusal word, except a "됐어" that asks (a "?" after it) or reports progress (see PROGRESS_BEFORE_DONE). */
    private static boolean refuses(String low) {
        Matcher m = REFUSAL.matcher(low);
        while (m.find()) {
            if (!m.group().strip().matches("[?!.,]?됐어")) return true;
            boolean asks = m.end() < low.length() && low.charAt(m.end()) == '?';
            if (!asks && !PROGRESS_BEFORE_DONE.matcher(low.substring(Math.max(0, m.start() - 12), m.start() + 1)).find()) {
                return true;
            }
        }
        return false;
    }

    /** Whether a message names more than one job (all, ranges, counts, several ids, -u): never one cancel. */
    static boolean namesManyJobs(String text) {
        String low = normalize(text == null ? "" : text).toLowerCase(Locale.ROOT);
        if (BULK.matcher(low).find() || COUNT.matcher(low).find() || JOB_RANGE.matcher(low).find()) return true;
        Matcher m = JOB_ID.matcher(low);
        int ids = 0;
        while (m.find()) ids++;
        return ids > 1;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /**
     * "0812" → "812", "812_03" → "812_3"; null for job 0 (SLURM job ids start at 1). A task index may be 0
     * ("812_0" is a sweep's first task).
     */
    private static String canonicalJobId(String raw) {
        int u = raw.indexOf('_');
        String job = (u < 0 ? raw : raw.substring(0, u)).replaceFirst("^0+(?=\\d)", "");
        if (job.equals("0")) return null;
        return u < 0 ? job : job + "_" + raw.substring(u + 1).replaceFirst("^0+(?=\\d)", "");
    }

    /** When the action is about a profile. */
    private static boolean takesProfile(Action a) {
        return CREATES.contains(a) || FROM_STATE.contains(a) || a == Action.SHOW;
    }

    /** Rare merges of two words into the one action people mean. */
    private static void combine(Set<Action> actions) {
        if (actions.contains(Action.FULL)) {
            actions.removeAll(EnumSet.of(Action.RUN, Action.WATCH, Action.COLLECT));
        } else if (actions.contains(Action.RUN) && actions.contains(Action.COLLECT)) {
            actions.removeAll(EnumSet.of(Action.RUN, Action.WATCH, Action.COLLECT));
            actions.add(Action.FULL); // "돌리고 끝나면 결과까지 가져와"
        } else if (actions.contains(Action.SWEEP) && actions.contains(Action.RUN)) {
            actions.remove(Action.RUN); // "sweep 돌려줘", "여러 시드로 돌려볼래": the run is the sweep
        } else if (actions.contains(Action.RUN) && actions.contains(Action.WATCH)) {
            actions.remove(Action.WATCH); // "실행하고 끝나면 알려줘": the watcher reports every run anyway
        }
        if (actions.contains(Action.RUN) && actions.stream().anyMatch(a -> a.wireName().startsWith("image-"))) {
            actions.remove(Action.RUN); // "docker buildx 돌려줘": the verb runs the image work
        }
        if (actions.contains(Action.IMAGE_BUILD) && actions.contains(Action.IMAGE_PUSH)) {
            actions.removeAll(EnumSet.of(Action.IMAGE_BUILD, Action.IMAGE_PUSH));
            actions.add(Action.IMAGE_SETUP); // "이미지 만들어서 레지스트리까지 올려줘": the first-time set-up
        }
    }

    /** A profile-looking word: has _ . / - or mixes letters and digits. */
    private static boolean strong(String w) {
        return w.matches(".*[_./-].*") || w.matches(".*[a-z].*") && w.matches(".*[0-9].*");
    }


    private static String stripDotSlash(String path) {
        return path.startsWith("./") ? path.substring(2) : path;
    }

    private static long num(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }

    /** "backtest_v5" → backtest, v, 5 with optional separators between: "Backtest V5", "backtest-v5", "backtestv5". */
    private Pattern namePattern(String name) {
        return namePatterns.computeIfAbsent(name, n -> {
            List<String> parts = new ArrayList<>();
            Matcher m = Pattern.compile("[a-z]+|[0-9]+|[^a-z0-9_.\\-\\s]+").matcher(n.toLowerCase(Locale.ROOT));
            while (m.find()) parts.add(Pattern.quote(m.group()));
            String body = String.join("[\\s_.\\-]*", parts);
            return Pattern.compile("(?<![a-z0-9_\\-])" + body + "(?![a-z0-9_\\-])");
        });
    }

    static String normalize(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
        Matcher link = SLACK_LINK.matcher(s);
        s = link.replaceAll(mr -> Matcher.quoteReplacement(mr.group(2) != null ? mr.group(2) : mr.group(1)));
        s = SLACK_MARKUP.matcher(s).replaceAll(" ");
        s = s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        s = s.replace('\u2019', '\'').replace('\u2018', '\'').replace('\u201c', '"').replace('\u201d', '"');
        s = s.replaceAll("[\\r\\n\\t]+", " ");
        s = spellOut(s);
        // "두 시간", "하루 동안" → digits, so the duration patterns read them
        s = NATIVE_HOURS.matcher(s).replaceAll(mr -> NATIVE_NUMBERS.get(mr.group(1)) + "시간");
        s = s.replaceAll("(?<![가-힣])하루", "1일").replaceAll("(?<![가-힣])이틀", "2일").replaceAll("(?<![가-힣])사흘", "3일");
        s = s.replaceFirst("^\\s*@[a-z0-9._-]+\\s", " ");
        return s.strip();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
