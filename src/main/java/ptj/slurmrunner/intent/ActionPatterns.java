package ptj.slurmrunner.intent;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words that name an action, in Korean and the English people mix in. Patterns run on lower-cased text from
 * which profile names, job ids and override values have already been blanked out. Order matters only for ties:
 * when two matches overlap the longer wins, and on equal length the one listed first.
 */
final class ActionPatterns {

    /** How much a match says about the action. */
    enum Kind {
        /** Names the action ("실행", "로그", "취소"). */
        STRONG,
        /** Names it only when nothing else is asked ("show", "설정", "돌고 있는 잡"): dropped next to a STRONG one. */
        YIELDING,
        /** A hint, never enough to act on ("결과", "빌드", "지워"): yields an UNSURE guess at most. */
        WEAK
    }

    record Rule(Action action, Kind kind, Pattern pattern) {}

    record Match(Action action, Kind kind, int start, int end, boolean explicitTarget) {
        int length() {
            return end - start;
        }

        boolean overlaps(Match o) {
            return start < o.end && o.start < end;
        }
    }

    /** English word(s) with letter boundaries, so "run" does not match "running" or "rundir". */
    private static String en(String alternatives) {
        return "(?<![a-z])(?:" + alternatives + ")(?![a-z])";
    }

    private static final String IMAGE = "(?:이미지|image|sqsh|컨테이너)\\S*\\s*";
    private static final String GAP1 = "(?:\\S+\\s*){0,1}?";
    private static final String GAP2 = "(?:\\S+\\s*){0,2}?";
    private static final String GAP3 = "(?:\\S+\\s*){0,3}?";
    /** The person's own machine, where collected results go. */
    private static final String LOCAL = "(?:로컬|(?<![a-z])local|노트북|맥북|(?:내|제)\\s*(?:맥|컴퓨터|컴|pc))";
    /** An optional rebuild verb before {@link #NEEDS_ASKING} ("다시 빌드해야 돼?"). */
    private static final String REBUILD_WORD = "(?:(?:새로\\s*빌드|새로\\s*만들|재\\s*빌드|리빌드|재생성|갱신|업데이트|"
        + "(?:다시|새로)\\s*(?:빌드|만들|구워|굽|말아|(?:pull|풀|임포트|import)(?:\\s*받)?)|rebuild|refresh|update)\\S*\\s*)?";
    /** Fetching the base image again onto the cluster: what image-refresh does first ("베이스 이미지 다시 pull"). */
    private static final String REIMPORT = "(?:(?:다시|새로)\\s*(?:pull|풀|받|임포트|import)|재\\s*(?:임포트|import)|re-?import)";
    /** Words that ask about the image rather than order work on it. */
    private static final String NEEDS_ASKING = "(?:(?:해|(?<=[워어아와]))야\\s*(?:돼|되|해|하|할(?!\\s*(?:것|거)\\s*같(?:은데|아서|아요|습니다))|됨|됩|합|할까)|"
        + "필요(?:해|한가|할까|하나|하니|한지|있|없|함|하지)|"
        // "base image 오래됨", "오래된 것 같은데" (no "?") tell why a refresh is asked for; "이미지 오래됐어?" asks
        + "괜찮|문제\\s*없|(?:오래|낡)(?!\\s*(?:됨|됐으니|돼서|되서|되어서|(?:된|은)\\s*(?:것|거)\\s*같(?:은데|아서|으니)|(?:된|은)\\s*듯)(?!\\s*\\?))|구버전|옛날|최신|반영\\s*(?:됐|되|돼|된)|들어\\s*(?:가|갔|있)|포함|깔려|설치\\s*(?:돼|되|됐)|"
        + "(?<![a-z])(?:outdated|old|stale|needs?\\s+(?:a\\s+|to\\s+be\\s+)?(?:rebuild|refresh|update)\\S*))";

    /** SLURM's short job states and their names, as people quote them from squeue ("R", "PD", "failed"). */
    private static final String STATE_CODE = "(?<![a-z])(?:r|pd|cg|running|pending|failed|completed|timeout)(?![a-z])";

    /** How busy the queue is ("큐가 너무 밀려", "큐 막혔냐"): a question alone, a reason beside a request. */
    private static final Pattern QUEUE_BUSY = Pattern.compile(
        "(?:큐|클러스터|cluster|대기열|대기)\\S{0,2}\\s*(?:(?:지금|많이|좀|너무|엄청|얼마나)\\s*)*(?:밀려|밀렸|막혔|막혀|붐비|붐벼|길어|차\\s*있)");
    /** What follows a state that describes the jobs named: "(멈춰) 있는 거", "(멈춘) 잡", "(걸려) 있던 것들". */
    private static final Pattern NAMES_JOBS = Pattern.compile(
        "(?:\\s*(?:있|돼\\s*있|되어\\s*있))?(?:는|던)?\\s*(?:거|것|게|잡|job|애)(?:들|(?![가-힣]))");
    /**
     * The queue named as where the jobs are or what is to be emptied ("cancel everything in the queue",
     * "큐 비우게"), beside a request: it says which jobs, not a question about them.
     */
    private static final Pattern QUEUE_PLACE = Pattern.compile(
        "(?<![a-z])(?:in|from|off)\\s+(?:the\\s+|my\\s+|our\\s+)?queue$");
    private static final Pattern QUEUE_EMPTIED = Pattern.compile("\\s*(?:를|을)?\\s*(?:좀\\s*)?(?:비우|비워|비울)");
    /** What makes a said thing a question: "?", or a question ending ("밀렸나", "막혔냐", "밀려 있나요"). */
    private static final Pattern ASKED = Pattern.compile(
        "[^.!,~]{0,8}?(?:\\?|(?:나|니|냐|는지|는가|을까|ㄹ까)(?:요)?(?![가-힣]))");

    /** "실행한 거", "제출했던 잡": a job already started, named to act on it ("방금 제출한 거 취소해줘"), not a new run. */
    private static final String DONE_THING = "\\s*(?:한|했던|했었던)\\s*(?:거|것|잡|job|애|게)";

    private static final List<Rule> RULES = new ArrayList<>();

    private static void rule(Action a, Kind k, String regex) {
        RULES.add(new Rule(a, k, Pattern.compile(regex)));
    }

    static {
        // history is about the past ("누가 취소했어?"): it wins over the verbs it contains (see RuleParser)
        rule(Action.HISTORY, Kind.STRONG, "누가|누구|최근\\s*기록|기록|이력|내역|히스토리|감사\\s*로그|"
            // the runs already done, listed or dated: "이번주 돌린거 목록", "마지막으로 언제 돌렸었나요"
            + "(?:돌린|돌렸던|실행한|실행했던|제출한|제출했던|제출된|실행된|돌았던)\\s*(?:거|것|잡|job)?\\s*들?\\s*(?:목록|리스트|list)|"
            + "언제\\s*(?:돌렸|돌린|돌았|실행했|실행한|제출했)|몇\\s*(?:번|회)\\s*(?:이나\\s*)?(?:돌렸|돌린|돌았|실행했|실행한|제출했|썼)|"
            + "(?:돌린|돌렸던|실행한|제출한)\\s*(?:거|게|것|잡|job)\\S{0,2}\\s*(?:뭐였|뭐더라|뭔지|뭐야|뭐임)|"
            + "뭐\\s*(?:돌렸|실행했|제출했)(?:더라|었지|나|어|지)|"
            + en("what\\s+did\\s+(?:i|we|you)\\s+run|what\\s+(?:have|has)\\s+(?:i|we)\\s+run") + "|"
            + en("history|audit|who"));
        rule(Action.HELP, Kind.YIELDING, "도움말|도움|사용법|명령어|(?:쓰는|사용하는|사용)\\s*(?:법|방법)|(?:뭐|뭘|무엇을?)\\s*할\\s*(?:수\\s*있|줄)|할\\s*줄\\s*아는|어떻게\\s*(?:써|사용)|"
            + en("what\\s+(?:can|do(?:es)?)\\s+(?:this\\s+|the\\s+)?(?:bot|you|it)\\s+do") + "|"
            + en("how\\s+(?:do\\s+i|to|can\\s+i)\\s+use") + "|"
            + en("help|usage|commands"));

        // Asking whether the image needs work is a status question ("이미지 오래됐어?", "이미지 업데이트 필요해?",
        // "패키지 추가했는데 이미지 괜찮아?"): it must outrank the rebuild words it contains, so it is listed first.
        rule(Action.IMAGE_STATUS, Kind.STRONG, IMAGE + GAP2 + REBUILD_WORD + NEEDS_ASKING + "|"
            + "패키지\\s*(?:추가|업데이트|설치|변경)\\S*\\s*(?:\\S+\\s*){0,3}?" + IMAGE + GAP2 + REBUILD_WORD + NEEDS_ASKING);
        rule(Action.IMAGE_REFRESH, Kind.STRONG, "slurm-image-refresh|image[\\s-]*(?:refresh|rebuild|update)|"
            + "enroot\\s*" + GAP1 + "(?:import|임포트)|" + IMAGE + GAP2 + REIMPORT + "|" + REIMPORT + "\\S*\\s*" + GAP1 + "(?:이미지|image)|"
            + "(?:베이스|base)\\s*" + IMAGE + "(?:\\S+\\s*){0,4}?(?:pull|풀|받|임포트|import|갱신|업데이트|update|refresh|리프레시|땡겨|당겨|끌어)"
            + "(?:\\S*\\s*(?:다시\\s*)?(?:import|임포트))?|"
            + en("(?:rebuild|refresh|update|re-?import)\\s+(?:the\\s+)?(?:base\\s+|container\\s+|enroot\\s+)?image") + "|"
            + IMAGE + GAP2 + "(?:새로\\s*빌드|새로\\s*만들|재\\s*빌드|재생성|리빌드|rebuild|refresh|리프레시|갱신|업데이트|update|"
            + "(?:다시|새로)\\s*(?:빌드|만들|구워|굽|말아))|(?:서버에서|서버\\s*측에서)\\s*" + GAP1 + "(?:이미지|image)\\S*\\s*(?:빌드|build|만들)|"
            + "(?:새로\\s*빌드|재\\s*빌드|리빌드|rebuild|refresh)\\S*\\s*" + GAP1 + "(?:이미지|image)|"
            + "패키지\\s*(?:추가|업데이트|설치|변경)|" + IMAGE + GAP2 + "새로\\s*(?:받|pull|풀)");
        rule(Action.IMAGE_STATUS, Kind.STRONG, "slurm-image-status|image[\\s-]*status|"
            + en("(?:which|what)\\s+(?:enroot\\s+|container\\s+|docker\\s+|base\\s+)?image") + "|"
            + IMAGE + GAP2 + "(?:상태|status|확인|있어|있나|있는지|있니|최신(?!\\s*(?:으로|버전으로|화))|stale|up\\s*to\\s*date|크기|용량|sha|"
            + "(?:빌드|생성)\\s*(?:됐|되었|된|했)|만들었|만들어\\s*(?:졌|진)|만든\\s*(?:날|시)|언제\\s*(?:꺼|거))|sqsh\\s*(?:파일\\s*)?(?:있|확인|어디)");
        // "빌드랑 푸시요", "build and push": both, the first-time set-up
        rule(Action.IMAGE_SETUP, Kind.STRONG, "slurm-image-setup|image[\\s-]*setup|"
            // "이미지 처음부터 만들어서 레지스트리까지 올려줘": made, then pushed
            + "(?:이미지|image)\\S*\\s*(?:\\S+\\s*){0,2}?(?:만들|빌드|build)\\S*\\s*(?:\\S+\\s*){0,2}?(?:올려|올리|푸시|push)|"
            + "(?:빌드|(?<![a-z])build)\\S*?\\s*(?:랑|하고|와|과|and|\\+|&)\\s*(?:푸시|push)|"
            + "(?:이미지|image)\\S*\\s*" + GAP1 + "(?:빌드|build)\\S*\\s*" + GAP1 + "(?:푸시|push|전송)|"
            + "(?:이미지|image)\\S*\\s*" + GAP1 + "(?:setup|셋업|세팅|초기\\s*설정|설정)");
        rule(Action.IMAGE_BUILD, Kind.STRONG, "slurm-image-build|image[\\s-]*build|(?:(?:docker|도커)\\s*)?buildx(?:\\s+build)?|docker\\s*build(?![a-z])|"
            // "Dockerfile 고쳤어 빌드 ㄱ": the Dockerfile changed, the local build is asked for
            + "(?:dockerfile|도커\\s*파일)\\S*\\s*(?:\\S+\\s*){0,4}?(?:빌드|buildx|build(?![a-z])|구워|굽)|"
            // Docker builds on this machine: "도커 이미지 새로 구워줘" is a local build, not the server's refresh
            + "(?:도커|docker)\\s*" + IMAGE + GAP2 + "(?:빌드|build|만들|구워|굽|말아)|"
            // the project's own image ("프로젝트 이미지 새로 구워줘", "build the container image"), not the base one
            + "(?:프로젝트|project)\\s*" + IMAGE + GAP2 + "(?:(?:다시|새로)\\s*)?(?:빌드|build|만들|구워|굽|말아)|"
            + en("build\\s+(?:the\\s+|a\\s+|our\\s+|my\\s+)?(?:new\\s+)?(?:project\\s+|container\\s+|docker\\s+)?image") + "|"
            + "(?:이미지|image)\\S*\\s*" + GAP1 + "(?:빌드|build|만들)|(?:로컬|local)\\S*\\s*" + GAP1 + "(?:빌드|build)");
        rule(Action.IMAGE_BUILD, Kind.WEAK, "빌드|" + en("build"));
        rule(Action.IMAGE_PUSH, Kind.STRONG, "slurm-image-push|image[\\s-]*push|(?:레지스트리|registry)\\S*\\s*" + GAP1
            + "(?:푸시|push|올려|업로드|보내)|"
            + en("push\\s+(?:the\\s+|our\\s+|my\\s+)?(?:built\\s+|new\\s+|project\\s+|docker\\s+|container\\s+)?image|(?:to|into)\\s+(?:the\\s+)?registry") + "|"
            + IMAGE + GAP2 + "(?:푸시|push|전송|보내|올려|올리|업로드|upload|import|임포트)");

        rule(Action.FULL, Kind.STRONG, "slurm-full|풀\\s*런|풀\\s*코스|full\\s*run|(?<!disk\\s?|디스크\\s?|quota\\s?)" + en("full")
            + "|끝까지\\s*(?:돌려|돌리|실행)|처음부터\\s*끝까지\\s*(?:다\\s*|한\\s*번에\\s*|한방에\\s*)?(?:해|돌려|실행)|결과\\s*(?:받는|가져오는|받아오는)\\s*(?:것|거)\\s*까지|완료까지\\s*(?:돌려|돌리|실행)|"
            + "(?:풀로|통째로|한방에|원스텝으로|원스톱으로|원샷으로)\\s*(?:돌려|돌리|실행)|전체\\s*(?:실행|파이프라인)|"
            + en("end[\\s-]*to[\\s-]*end|e2e"));
        // "백테 풀로 ㄱㄱ": how the run goes, said without a verb, still asks for the whole pipeline
        rule(Action.FULL, Kind.YIELDING, "(?:풀로|통째로|한방에|원스텝으로|원스톱으로|원샷으로)(?![가-힣])");
        rule(Action.SUBMIT, Kind.STRONG, "slurm-submit|제출만|서밋만|sbatch\\S*만|"
            // "sbatch가 어떻게 나가는지": the sbatch command talked about, not asked for
            + en("submit|sbatch(?!\\s*(?:가|는|이)(?![가-힣]))"));
        rule(Action.PUSH, Kind.STRONG, "slurm-push|푸시|업로드|코드\\S*\\s*" + GAP1 + "(?:올려|보내|복사|동기화|싱크|sync|전송|push)|"
            + en("push|upload|rsync|sync\\s+(?:the\\s+|my\\s+)?(?:[a-z0-9_]+\\s+)?code"));
        rule(Action.CANCEL, Kind.STRONG, "(?:싹\\s*다|전부\\s*다?|모두\\s*다?|몽땅|모조리|(?<![가-힣])다)\\s*날려|(?:실행|제출|잡|job)\\s*취소|그만\\s*(?:돌려|돌리|실행|해|하)|취소|ㅊㅅ|(?<![가-힣])취쇼|캔슬(?!\\s*(?:했던|했었던|됐던|된\\s))|켄슬|스톱|스탑|중지|중단|멈춰|멈추|죽여|죽이|꺼\\s*줘|"
            // "812 킬해", "끄지 마": the loanword and the verb's other forms
            + "(?<![가-힣])꺼(?:라|요|버려)?(?=\\s*[.!~]*\\s*$)|(?<![가-힣])킬(?![가-힣])|(?<![가-힣])킬\\s*(?:해|하|좀)|(?<![가-힣])(?:끄(?=지|자)|꺼\\s*버려|꺼\\s*주세요)|"
            + en("cancel|cancle|cancell?|cansel|scancel|kill|stop|abort|terminate")
            // "큐에 있는 거 싹 다 정리해주세요": the queued jobs cleared away
            + "|(?:큐|대기열)에\\s*(?:있는|걸린|남은|쌓인)\\s*(?:거|것|잡|job)\\S*\\s*" + GAP2 + "(?:정리|비워)"
            // "아까 그 sweep 다 내려": taken down ("다 내려받아" downloads)
            + "|(?:싹\\s*다|전부\\s*다?|모두\\s*다?|(?<![가-힣])다)\\s*내려(?!\\s*받|받)");
        // a job the bot lost track of, found or attached again: "다시 찾아줘", "다시 잡아주실 수", "다시 연결해", "다시 붙어줘"
        // a sweep asked for by name, or by "여러 시드로": without a grid of values it is asked about (see RuleParser)
        rule(Action.SWEEP, Kind.STRONG, "(?:스윕|그리드|(?<![a-z])(?:sweep|grid)(?![a-z]))"
            // "sweep 중에 이것만 늦는", "스윕 결과", "sweep 돌던 거": the sweep that exists, named
            + "(?!\\s*(?:중|의|결과|잡|job|task|태스크|에서|에(?![가-힣])|한\\s*거|했던|된|돌린|돌던|돌리던|돌고|돌아가|끝난|끝나|다\\s*끝|찌꺼기|잔여|폴더|디렉토리|파일)"
            // "그 sweep 전체 다 캔슬": the sweep that exists, named for a cancel
            + "|\\S{0,2}\\s*(?:(?:전체|전부|모두|싹)\\s*)?(?:다\\s*)?(?:취소|캔슬|죽여|날려|내려(?!\\s*받|받)|중지|중단|(?<![a-z])(?:s?cancel|kill)(?![a-z]))"
            // "아까 그 sweep seed별로 비교해줘": the sweep's runs compared
            + "|\\S{0,2}\\s*(?:\\S+\\s*)?(?:비교|나란히))|(?:여러|다양한|몇\\s*개의?)\\s*(?:시드|seeds?)|"
            + "(?:시드|seeds?)\\S*\\s*(?:여러|다양하게|바꿔\\s*가)|"
            // "여러 조건으로 한꺼번에 돌려주세요", "여러 번 돌려서 안정적인지": many runs, values not said (asked)
            + "여러\\s*(?:번|조건|설정|파라미터)\\S*\\s*(?:한꺼번에\\s*)?(?:돌려|돌리|실행)");
        // "봇이 잡 id를 놓친 것 같아요", "추적 끊긴 듯", "lost track of the job": the job the bot no longer follows
        rule(Action.RECOVER, Kind.STRONG, "slurm-recover|(?:(?<![a-z])(?:job\\s*)?id|아이디|잡|job|번호)\\S*\\s*" + GAP1
            + "(?:놓친|놓쳤|놓쳐|잃어\\s*버|잃었)|추적\\S*\\s*(?:이\\s*)?(?:끊|놓|날아|안\\s*(?:돼|되)|못\\s*하)|"
            + en("lost\\s+track|find\\s+(?:it|them|the\\s+job|my\\s+job)\\s+again|re-?attach")
            // "봇이 내 잡 까먹은듯?": the bot forgot it
            + "|(?:봇|bot)\\S*\\s*(?:\\S+\\s*){0,2}?(?:까먹|잊어\\s*버|잊었|잊은|놓쳤|놓친|모른대|모른다|모르|몰라|못\\s*찾)"
            // "내 잡 어디갔어": the job lost from sight
            + "|(?:잡|job)\\S*\\s*어디\\s*(?:갔|감)"
            // "812 다시 tracking 해줘", "어떻게 됐는지 놓침": the bot's hold on a job, lost or taken up again
            + "|(?:tracking|트래킹)\\s*(?:다시\\s*)?(?:해|좀|시작|붙여|걸어)|됐는지\\s*(?:를\\s*)?(?:놓침|놓쳤|놓쳐)"
            + "|(?:다시|새로)\\s*(?:찾아|찾을|잡아|잡을|연결|붙어|붙여|붙을|추적|트래킹)|상태\\s*(?:를|을)?\\s*(?:다시\\s*)?(?:맞춰|동기화|복원|복구)|(?:복구|리커버리?|recovery)\\s*(?:돌려|돌리|실행)|복구(?!\\s*(?:됐|되었|된|돼|되면))|복원|되살려|리커버|"
            + en("recover|recovery|reconcile|restore"));
        // "옛날 결과 폴더 좀 지워줄래요", "결과 파일 삭제": the folders or files of results, deleted (the results are no
        // hint of a fetch then); "스크래치에 있는 거 싹 다 지워": everything, deleted (the bot lists it first)
        rule(Action.CLEAN, Kind.STRONG, "slurm-clean|(?:클린|(?<![a-z])clean(?![a-z])|정리|청소)\\s*(?:한\\s*번\\s*|좀\\s*)?(?:돌려|실행)|"
            // "엑셀로 정리해서 드려야 해서요", "제가 따로 정리할 예정": the person's own tidying, a step of theirs
            + "정리(?!\\s*(?:해서|할\\s*(?:예정|게|께|계획)|하겠))|청소|"
            + "(?:(?:결과|results?)\\S*\\s*)?(?:run\\s*dirs?|rundirs?|runs|run\\s*들|런\\s*들|런\\s*디렉토리|디렉토리|폴더|파일)\\S*\\s*" + GAP2
            + "(?:지워|지우|삭제|제거|정리|청소|비워|" + en("delete|remove|rm") + ")|"
            + "(?:싹\\s*다|전부\\s*다?|모두\\s*다?|몽땅|모조리|(?<![가-힣])다)\\s*(?:지워|지우|삭제|없애|비워)|"
            // "이전 실행분 삭제해 주실 수", "지울 거 지워주세요": earlier runs' leftovers
            + "(?:실행분|(?:이전|지난|예전|옛날)\\s*(?:실행|런|run)\\S*)\\s*" + GAP2 + "(?:지워|지우|삭제|제거|정리|비워)|"
            + "지울\\s*(?:거|것|건|애들)\\S*\\s*(?:좀\\s*)?(?:지워|지우|삭제)|"
            + "(?<![가-힣])클린(?!\\s*(?:코드|룸))|치워|치우(?=자|고|기|는)|"
            // "안 쓰는 거 뭐 있는지 보고 지우자": list, then delete — what a clean does
            + "(?:있는지|있나)\\s*(?:보고|확인하고|본\\s*다음에?|보여주고)\\s*(?:다\\s*)?(?:지우|지워|삭제|정리)|"
            + en("clean|cleanup|purge"));
        // "원본은 rm 해버려", "다 날려": deleting, said beside another request, is asked about (never done on the side)
        rule(Action.CLEAN, Kind.WEAK, "지워|지우|삭제|제거|없애|" + en("delete|remove|rm"));
        // Comparing collected results reads the bot's own history: "최근 결과 비교", "지난번이랑 비교해줘"
        rule(Action.COMPARE, Kind.STRONG, "비교|대조|(?:지난|이전|저번)\\s*\\S*\\s*대비|지난\\s*번(?:\\s*(?:이랑|하고|과|와|보다|대비))|이전\\s*결과\\S*\\s*(?:랑|하고|과|와|보다|대비)|"
            + "(?:결과|성과|지표|샤프|sharpe)\\S*\\s*" + GAP1 + "(?:추이|변화|달라|차이)|나란히|"
            + en("compare|comparison|diff\\s+results?|side\\s*by\\s*side"));
        rule(Action.COLLECT, Kind.STRONG, "slurm-collect|(?:결과|results?(?![a-z])|아웃풋|outputs?(?![a-z])|산출물|아티팩트|artifacts?(?![a-z])|수익률|샤프|성과표?|숫자|엑셀|보고서|차트|charts?(?![a-z])|csv|summary|요약\\s*파일|json|png|리포트|report)\\S*\\s*" + GAP3
            + "(?:가져|가지고\\s*(?:와|오|올)|보내(?!\\s*(?:지|기))|수집|수거|받아|받을|내려|당겨|땡겨|긁어|챙겨|회수|다운|동기화|싱크|옮겨|옮기|복사|뽑아(?!서)|뽑을|모아(?!서)|모을|끌어\\s*(?:와|오)|pull|collect|sync|fetch|grab)|수집|수거|회수|"
            // "일단 제 쪽으로 가져와 주실 수 있나요?": brought to the person
            + "(?:제|내|저희)\\s*(?:쪽|자리|pc|컴퓨터|노트북)\\S*\\s*(?:으로|로)?\\s*(?:좀\\s*)?(?:가져|가지고\\s*와|보내|받아|옮겨)|"
            // the fetching verbs alone ("summary json이랑 차트 받아와", "내려받을 수"), and where to ("로컬로 받을 수")
            + "결과\\S{0,2}\\s*(?:[ㄱ\u1100]{1,3}|고고)(?![가-힣])|받고\\s*싶|받아\\s*(?:와|오)|내려\\s*받|다운\\s*받|다운로드|긁어\\s*(?:와|오)|땡겨\\s*(?:와|오)|(?:컬|콜)(?:렉|랙)트|"
            + LOCAL + "\\S*\\s*" + GAP1 + "(?:받|가져|옮겨|옮기|다운|내려|복사|땡겨|긁어|pull)|"
            + en("collect|harvest") + "|results?\\s+(?:back|pull)|"
            // "pull the backtest results down", "bring the csv back", "results plz": the verb only, so a name between stays
            + en("(?:grab|fetch|get|pull|download|bring|copy)(?=\\s+(?:me\\s+)?(?:the\\s+|my\\s+|our\\s+)?(?:[a-z0-9_]+\\s+){0,2}"
                + "(?:results?|csvs?|charts?|plots?|summary|json)(?![a-z]))|results?\\s+(?:plz|pls|please)"));
        rule(Action.COLLECT, Kind.STRONG, "결과\\S*\\s*(?:\\S+\\s*){0,2}?" + LOCAL + "\\S*?\\s*(?:으로|로)(?![가-힣])"); // "끝나면 결과 내 로컬로"
        rule(Action.COLLECT, Kind.YIELDING, LOCAL + "\\S*?\\s*(?:으로|로)(?![가-힣])"); // "옵티 csv 내 노트북으로"
        rule(Action.COLLECT, Kind.WEAK, "결과|" + en("results?"));
        rule(Action.LOG, Kind.STRONG, "slurm-log|로그(?!인|아웃)|(?<![가-힣])로[ㄱ\u1100](?![가-힣])|(?:에러|오류)\\s*(?:났|난|나서|발생)|에러\\s*메시지|(?:에러|오류)\\s*(?:내용|메세지|로그)|왜\\s*(?:실패|죽|터졌|에러|안\\s*돼)|실패\\S{0,5}\\s*(?:\\S+\\s*){0,2}?(?:원인|이유)|(?:아웃풋|output)\\S*\\s*(?:좀\\s*)?(?:볼|보여|봐|확인|부탁|줘|주세요)|"
            // what the job printed as it ran: "화면에 찍히는 글씨", "어디까지 찍혔는지", "출력된 거", "빨간 글씨로 Traceback"
            + "(?:화면에?\\s*)?(?:어디까지\\s*)?(?:찍히는|찍힌|찍혔|출력된|출력되는)|(?<![a-z])traceback(?![a-z])|트레이스백|빨간\\s*글씨|(?:실패|에러)\\s*(?:원인|이유)|(?:는데|니까)\\s*(?:이유|원인)\\s*(?:가\\s*)?(?:뭐|뭔|알려)|출력\\S{0,2}\\s*(?:좀\\s*)?(?:보여|확인|내용|찍|나오|나왔|어떻게|봐|볼|보자|보게|띄워)|"
            + en("logs?|tail|stderr|stdout") + "|\\.out(?![a-z])|\\.err(?![a-z])");
        rule(Action.LOG, Kind.WEAK, "출력|" + en("output"));
        // told when it ends or dies: "끝나면 알려줘", "에러로 죽으면 바로 알려줄 수 있나요?", "let me know when it's done"
        rule(Action.WATCH, Kind.STRONG, "slurm-watch|대기(?!\\s*(?:중|열|가|시간|길|오래|많|얼마))|(?:끝나|죽으|뻗으|터지|실패하|나오|(?:에러|오류)\\s*나)면\\s*(?:바로\\s*|좀\\s*)?" + GAP1
            + "(?:알려|말해|연락|노티|알림|dm|멘션)|" + en("(?:let\\s+me\\s+know|ping\\s+me|notify\\s+me)\\s+(?:when|if|once)") + "|끝날\\s*때까지|완료\\s*(?:되면|될\\s*때까지|까지\\s*기다)|"
            + "기다려|기다리|모니터링|모니터|와치|워치|지켜\\s*봐|깨워|"
            // "끝나는지 봐줘", "나 씻고올게 그동안 옵티 좀 봐줘", "퇴근할 때까지 bt 좀 봐줘": keep an eye on it meanwhile
            + "끝나는지\\s*(?:좀\\s*)?(?:봐|지켜|보고)|계속\\s*(?:좀\\s*)?(?:봐\\s*(?:줘|주)|지켜)|(?:그\\s*동안|는\\s*동안|할\\s*때까지|갈\\s*때까지)(?=\\s*(?:\\S+\\s*){0,3}?봐\\s*(?:줘|주|봐|줄래))|"
            // "812 완료 알림 걸어줘", "PD에서 R로 바뀌면 알려줘"
            + "알림\\s*(?:좀\\s*)?(?:걸어|켜|설정|해|줘|부탁)|(?:(?:상태|status)\\s*(?:가|이)?\\s*)?(?:바뀌|변하|시작하|시작되|풀리)면\\s*(?:바로\\s*)?(?:알려|말해|연락)|(?:끝나|나오)면\\s*(?:바로\\s*)?말씀|"
            + en("watch|wait|monitor|notify"));
        rule(Action.RUN, Kind.STRONG, "slurm-run(?![a-z])|재실행(?!" + DONE_THING + ")|(?<!(?:지난|이전|예전|최근)\\s?)실행(?!\\s*(?:중|되|된|돼|됐|했|하고\\s*있|기록|이력|내역|결과|들)|" + DONE_THING + ")|"
            // "돌린 다음 결과까지 받아줘": the run, then what follows it ("어제 돌린 뒤" is a past one)
            + "(?<!(?:어제|아까|지난번|예전|이전)\\s?)돌린\\s*(?:다음|뒤|후)(?:에)?(?![가-힣])|"
            + "돌려(?!\\s*(?:놓|놨))|돌려\\s*(?:놓고|놓을|놓자|놔)|(?<!(?:알림|모니터링|모니터|와치|워치)\\s?)걸어\\s*(?:두|둬|놓|놔)|돌리(?!고\\s*있|던|다가|는\\s*(?:거|것|잡|애|게|중)|신(?![가-힣]))|돌릴|(?<!(?:로그|출력|에러|결과|화면)\\s?(?:좀\\s?)?)띄워|(?:돌아가|실행되|실행\\s*되)게\\s*(?:좀\\s*)?(?:해|만들)|(?:잡|job)\\s*(?:만\\s*)?(?:넣어|넣어서)|띄우|띄울|제출(?!\\s*만|" + DONE_THING + "|\\s*(?:한|된|했던)\\s)|서밋(?!\\s*만|" + DONE_THING + "|\\s*(?:한|된|했던)\\s)|구동|"
            // "재시작해서 … 추적 날아감", "봇이 재시작된 것 같은데": something else restarted, told as the reason
            + "(?<!재)시작(?!\\s*(?:되|된|돼|됐))|재시작(?!\\s*(?:해서|했|하고\\s*나서|되|된|돼|됐|후|이후))|올려(?!\\s*(?:뒀|놨|두었|놓았|둔|놓은))|"
            // the loanword: "런해줘", "리런", "런 ㄱㄱ" ("풀런" is a full run, "런 디렉토리" a folder)
            + "(?<![가-힣])리런|(?<![가-힣])런\\s*(?:해|하|좀|ㄱ|돌려|시켜|부탁)|(?<![가-힣])런(?=\\s*[.!~?]*\\s*$)|"
            + en("(?<!개\\s?|(?:지난|이전|예전|옛날|최근)\\s?)run(?!\\s*dirs?(?![a-z])|\\s*(?:디렉|폴더|들|끼리|별로|나란히|비교)|\\s*(?:두|세|네|몇|\\d+)\\s*(?:개|번)|"
                + "\\s+(?:finished|done|complete|completed|going)(?![a-z]))|rerun|start|launch|execute|exec|kick\\s+off|fire\\s+off"));
        // "주말 동안 돌아가게 걸어놔줘", "그대로 한번 더": a run only when nothing else is asked ("모니터링 걸어줘" watches)
        rule(Action.RUN, Kind.YIELDING, "걸어\\s*(?:놔|놓|둬|두|줘|주)(?!\\s*(?:은|는|던))|"
            + "한\\s*(?:번|판)\\s*더(?!\\s*(?:보여|알려|확인|봐|볼|말해|설명))");
        rule(Action.STATUS, Kind.STRONG, "slurm-status|"
            // "그래서 결과 나왔어요?", "청산 스터디 아직이에요?": whether it is done yet
            + "결과\\s*(?:는\\s*)?나왔(?:어|나|니|냐|는지|습니까)|(?<![가-힣])아직(?:이에요|이야|임|인가요|이냐|이니|이죠)|"
            // why a job has not started or ended, how long it waits: about its state ("왜 아직 안 시작하는지")
            + "(?:어케|어캐|어뜩해)\\s*(?:돼|됐|됨|되|된)|(?:이렇게\\s*|너무\\s*)?오래\\s*(?:걸려|걸리)|몇\\s*(?:시간|분)\\s*(?:더\\s*)?(?:걸려|걸리|남)|(?:많이|너무|엄청|얼마나)\\s*(?:밀려|붐벼|붐비)|(?<![가-힣])상(?:탸|테|퇘)(?![가-힣])|(?<![가-힣])끝나(?:\\s*\\?|려나|겠지|겠어|나요|냐|니)|끝날까|왜\\s*(?:(?:아직도?|여태|계속)\\s*)?(?:안|못)\\s*(?:시작|돌|끝나|끝날|실행|떠|뜨)|얼마나\\s*(?:더\\s*)?(?:기다려|기다리|걸려|걸리|걸릴)|"
            + QUEUE_BUSY.pattern() + "|상태(?!\\s*(?:를|을)?\\s*(?:다시\\s*)?(?:복원|복구|맞춰|동기화))|진행\\s*상황|어디까지|"
            + "현황|진척|몇\\s*(?:퍼센트|프로|%)|얼마나\\s*(?:했|됐|진행)|"
            + "진행\\s*(?:률|도)|언제\\s*(?:끝나|끝날|끝난|완료|다\\s*(?:돼|되))|얼마나\\s*(?:남았|남은)|어떻게\\s*(?:돼|됐|되|된)|끝났|다\\s*됐|완료\\s*됐|잡\\s*목록|squeue|sacct|"
            + "큐(?=에|\\s|$)|죽었(?=어|나|니|냐|음|는지|\\s*\\?|\\s*$)|살아\\s*있|(?<![a-z-])state(?![a-z=])|"
            // SLURM's state codes said as what the job shows: "R 떴어?", "PD로 멈춰있지", "failed 났어?"
            + STATE_CODE + "\\s*(?:로|으로|상태\\S*)?\\s*(?:떴|뜨|떠(?!\\s*(?:줘|주))|바뀌|바꼈|넘어\\s*갔|멈춰|멈춘|멈췄|걸려|났|난\\s*(?:거|것))|"
            // stuck, not "stop it": "왜 멈춰있지", "멈춘 것 같아"; a node given to the job: "노드 할당 받았나"
            + "멈춰\\s*있|멈춘\\s*(?:채|듯|것\\s*같|거\\s*같)|멈췄(?=어|나|니|냐|네|지|\\s*\\?|\\s*$)|"
            + "(?:노드|node|자원|리소스|gpu)\\S*\\s*(?:를|을)?\\s*(?:할당|배정)\\s*(?:받|됐|되었|된)|(?:할당|배정)\\s*(?:받았|됐|되었)|"
            // "노드 어디 잡혔어", "gpu 파티션 지금 자리 있어?": where it landed, whether there is room
            + "(?:노드|node)\\S*\\s*(?:어디|몇\\s*번|뭐)\\S*\\s*(?:잡혔|잡힌|떴|배정)|"
            + "(?<![가-힣])(?:빈\\s*)?(?:자리|여유)\\s*(?:가\\s*)?(?:좀\\s*)?(?:있|남아\\s*있)(?:어|나|니|냐|을까|나요|어요|습니까)|"
            // "is optimizer done yet", "how's the backtest going": only the question words, so the name stays to be read
            + en("(?:is|are|has|have)(?=\\s+(?:\\S+\\s+){1,4}?(?:done|finished|complete|completed)(?![a-z]))|(?:done|finished)\\s+yet|"
                + "where\\s+are\\s+(?:we|things)\\s+(?:on|with)|how(?:'s|\\s+is)(?=\\s+(?:\\S+\\s+){0,2}?(?:going|doing)(?![a-z]))|status|queue"));
        // "큐에 있는 거 다 캔슬": what is in the queue names the jobs; only alone is it a question about them
        rule(Action.STATUS, Kind.YIELDING, "올라가\\s*있(?:어|나|니|냐|는지|어요|나요)|(?:큐|대기열)에\\s*(?:있는|있던|걸린|남은|쌓인|들어간|대기\\s*중인)|돌고\\s*(?:는\\s*)?있|돌아가고\\s*있|돌아가\\s*(?:나|니|요)|실행\\s*(?:중|되고)|대기\\s*중|대기열|"
            + "진행\\s*중|(?:jobs?|잡)\\s*(?:있어|있나|있니|몇)|(?:실행|제출)\\s*(?:했어|했나|됐어|됐나|된\\s*거)|돌렸어|돌렸나|" + en("running|pending"));
        // "backtest_v5 말고 다른 잡도 있나요": which others there are (yielding: "다른 잡도 돌고 있어?" asks the state)
        rule(Action.PROFILES, Kind.YIELDING, "다른\\s*(?:잡|job|프로필|프로파일|profile)\\S*\\s*(?:종류\\S*\\s*)?(?:있|뭐)|"
            + "말고\\s*(?:또|다른\\s*(?:거|건)?)\\s*(?:뭐|뭣|어떤\\s*(?:거|게))\\s*(?:있|없)");
        rule(Action.PROFILES, Kind.STRONG, "slurm-profiles|"
            + "돌릴\\s*수\\s*있는\\s*(?:거|것|잡|job|프로필)\\S*\\s*(?:종류\\S*\\s*)?(?:뭐|뭣|목록|리스트)|(?:프로필|프로파일|profile)\\S*\\s*(?:목록|리스트|list|전체|전부)|"
            + "(?:어떤|무슨|사용\\s*가능한|있는|모든)\\s*(?:프로필|프로파일|profile)|(?:프로필|프로파일)\\S*\\s*(?:뭐|뭣|몇)(?!\\s*(?:로|으로))|"
            // "어떤 잡들 있지", "여기서 실행 가능한 작업이 뭐예요?", "그 잡 이름들 정확히 뭐였죠?"
            + "어떤\\s*(?:잡|job|작업)들?\\s*(?:이|은)?\\s*(?:있|돌릴\\s*수)|(?:실행|돌릴)\\s*(?:가능한|할\\s*수\\s*있는)\\s*(?:잡|작업|job|프로필)|"
            + "(?:잡|작업|job|프로필)\\s*이름들?|"
            + en("profiles|list\\s+profiles"));
        // how a profile is set up, asked: "설정이 어떻게 되어 있는지", "What does optimizer_v5 actually run?"
        // "카드 좀 띄워줘", "config 창 열어줘": the profile's card brought up on the screen, not a job started
        rule(Action.SHOW, Kind.STRONG, "(?:카드|card|설정|세팅|config|프로필|프로파일|profile)\\S*\\s*(?:(?:좀|창|화면|카드|정보)\\s*)?(?:띄워|띄우|띄울|열어)|"
            + "(?:설정|세팅|옵션|파라미터|리소스|스펙|시간\\s*제한|프로필|프로파일|profile|config|컨피그)\\S*\\s*(?:이|가|은|는)?\\s*"
            + "(?:어떻게|뭐로|뭘로|얼마로|몇으로)\\s*(?:되어|돼|되|잡혀|설정|들어)|"
            + en("what\\s+does\\s+(?:\\S+\\s+)?(?:actually\\s+|really\\s+)?(?:run|execute)"));
        rule(Action.SHOW, Kind.YIELDING, "slurm-show|(?:프로필|프로파일|profile)\\S*\\s*" + GAP1
            + "(?:보여|확인|카드|정보|알려)|^\\s*보여\\s*(?:줘|주세요|줄래|줘요)[.!?~\\s]*$|설정|정보|리소스|사양|스펙|스크립트|몇\\s*(?:코어|cpu|기가|시간)|(?:cpu|코어|메모리|memory|mem|램)\\S*\\s*몇|얼마|카드|요약|"
            + en("show|describe|info|spec|specs|resources?|script|settings?|config"));
        // "파라미터만 보여줘": the profile's settings, not a run
        rule(Action.SHOW, Kind.STRONG, "(?:파라미터|파람|params?|세팅|설정)\\S*\\s*(?:좀\\s*)?(?:만\\s*)?(?:보여|알려|확인)");
        // "bt 시간 제한 기본값 뭐였지", "opt config 어떻게 돼있어?": the profile's settings asked about
        rule(Action.SHOW, Kind.STRONG, "(?:기본값|기본\\s*설정|디폴트|(?<![a-z])(?:default|config)(?![a-z])|컨피그)\\S*\\s*"
            + "(?:이|은|는|가)?\\s*(?:뭐|어떻게|얼마|몇)");
        rule(Action.SHOW, Kind.WEAK, en("what\\s+is|what's|whats|what\\s+does") + "|뭐\\s*하는|뭘\\s*하는");
    }

    private ActionPatterns() {}

    /** Every match of every rule, then overlaps resolved: longer first, earlier rule on a tie. */
    static List<Match> find(String lowered) {
        List<Match> all = new ArrayList<>();
        for (int i = 0; i < RULES.size(); i++) {
            Rule r = RULES.get(i);
            Matcher m = r.pattern().matcher(lowered);
            while (m.find()) {
                if (m.end() == m.start()) continue;
                boolean explicit = lowered.startsWith("slurm-", m.start());
                all.add(new Match(r.action(), r.kind(), m.start(), m.end(), explicit));
            }
        }
        List<Match> sorted = new ArrayList<>(all);
        sorted.sort((a, b) -> {
            if (a.length() != b.length()) return Integer.compare(b.length(), a.length());
            return Integer.compare(ruleIndex(a), ruleIndex(b));
        });
        List<Match> kept = new ArrayList<>();
        for (Match m : sorted) {
            if (kept.stream().noneMatch(m::overlaps)) kept.add(m);
        }
        kept.sort((a, b) -> Integer.compare(a.start(), b.start()));
        // "빌드한 이미지 서버로 올려줘": a hint word made into a clause before a noun describes the thing, asks nothing
        kept.removeIf(m -> m.kind() == Kind.WEAK && kept.size() > 1
            && DESCRIBING.matcher(lowered).region(m.end(), lowered.length()).lookingAt());
        // "끝났으니까 결과 회수해줘", "push 했으니까 서밋": what already happened, told as the reason for the request
        List<Match> requests = new ArrayList<>();
        int told = -1; // the end of the last "했으니까"-like ending: a word inside it ("push는 끝났고") is told too
        for (Match m : kept) {
            Matcher b = BACKGROUND.matcher(lowered).region(m.end(), lowered.length());
            if (b.lookingAt()) {
                told = Math.max(told, b.end());
            } else if (OWN_STEP.matcher(lowered).region(m.end(), lowered.length()).lookingAt()
                    && BY_ME.matcher(lowered.substring(Math.max(0, m.start() - 14), m.start())).find()) {
                told = Math.max(told, m.end()); // "잡은 나중에 제가 돌릴게요": the person's own step, told
            } else if (m.start() >= told) {
                requests.add(m);
            }
        }
        List<Match> out = requests.isEmpty() ? kept : requests; // "끝났는데?" alone is still the question it asks
        // "다 캔슬해줘 큐가 너무 밀려": how busy the queue is, said (not asked) beside a request, tells why;
        // "PD로 멈춘 잡 캔슬", "멈춰 있는 거 취소해줘": a state made into a clause before a noun names the jobs
        if (out.stream().anyMatch(m -> m.kind() == Kind.STRONG && m.action() != Action.STATUS)) {
            out.removeIf(m -> m.action() == Action.STATUS
                && (QUEUE_BUSY.matcher(lowered).region(m.start(), m.end()).matches()
                        && !ASKED.matcher(lowered).region(m.end(), lowered.length()).lookingAt()
                    || NAMES_JOBS.matcher(lowered).region(m.end(), lowered.length()).lookingAt()
                    || QUEUE_PLACE.matcher(lowered.substring(0, m.end())).find()
                    || QUEUE_EMPTIED.matcher(lowered).region(m.end(), lowered.length()).lookingAt()));
        }
        return out;
    }


    /**
     * A clause ending that makes the action word before it a reason or a condition ("했으니까", "됐으니", "끝났는데",
     * "했다는데", "끝났으면").
     */
    private static final Pattern BACKGROUND = Pattern.compile(
        "(?:[은는이가도을를]?\\s*(?:했|됐|되었|했었|해\\s*놨|해\\s*뒀)|\\s?\\S{0,2}?)(?:으니까|으니|니까|는데|다는데|길래)(?![가-힣])|"
            // "끝났으면 결과 가져와": the condition, not a request ("했으면 좋겠어" is one: it wishes)
            + "\\S{0,2}?(?:으면|다면)(?!\\s*좋)|"
            // "push는 됐고 서밋만", "제출은 된 것 같은데": done already; "제출하기 전에 확인", "돌리기 전에 config 확인만": when, not what
            + "[은는이가도]?\\s*(?:했|됐|되었|끝났)\\s*고(?![가-힣])|"
            // "opt 제출만 해줘, push는 됐어": the other step done already, said after the request
            + "[은는]\\s*(?:(?:이미|어제|아까|벌써|진작)\\s*)?(?:했|됐|되었|끝났|끝냈)(?:어|음|어요|습니다|다)?(?=\\s*[.!~]*\\s*$)|"
            // "빌드만 해줘 푸시는 나중에": the other step put off, said last
            + "[은는]\\s*(?:(?:내가|제가|직접)\\s*)?(?:나중에|이따가?|다음에)(?:\\s*(?:할게요?|할께요?|하자|ㄱ))?(?=\\s*[.!~]*\\s*$)|"
            // "업그레이드 끝났대서", "비교해보게": what was said, and what it is for
            + "\\S{0,3}?(?:대서|래서)(?![가-힣])|\\S{0,3}?(?:보게|하게)(?=\\s*[.!~]*\\s*$|\\s+\\S)|"
            // what someone said: "끝났다고 하던데", "돌리자고 하셔서요", "보고 싶다고 하셔서"
            + "\\S{0,6}?(?:다고|자고|라고|냐고)\\s*(?:하던데|하셔서|하셨|해서|했|하더|하시|말씀|들었)|[은는이가도]?\\s*(?:된|한|됐던|했던)\\s*(?:것|거)\\s*같(?:은데|아서|으니)|"
            + "(?:하기|하시기|기)?\\s*전에?(?![가-힣])|\\S{0,3}?는지\\s*(?:잘\\s*)?(?:모르겠|몰라|모름)");

    /** A first-person promise after an action word: "돌릴게요", "확인할께", "하겠습니다". */
    private static final Pattern OWN_STEP = Pattern.compile("\\S?(?:게요|께요|게|께|겠습니다|겠어요)(?![가-힣])");
    /** Who or when before it: "나중에", "제가", "직접" — the person will do it, not the bot. */
    private static final Pattern BY_ME = Pattern.compile("(?:나중에|이따가?|제가|내가|직접|알아서|따로)\\s*(?:\\S+\\s*)?$");

    /** A relative clause ending ("빌드한 이미지", "빌드된", "빌드해 둔"), but not "빌드 한 번". */
    private static final Pattern DESCRIBING = Pattern.compile(
        "\\s*(?:한(?!\\s*(?:번|판|개|바퀴))|된|했던|됐던|해\\s*둔|해\\s*놓은|해\\s*놨던|돼\\s*있는|되어\\s*있는)\\s+[가-힣a-z]");

    private static int ruleIndex(Match m) {
        for (int i = 0; i < RULES.size(); i++) {
            if (RULES.get(i).action() == m.action() && RULES.get(i).kind() == m.kind()) return i;
        }
        return RULES.size();
    }
}
