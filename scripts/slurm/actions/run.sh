# Summary: push + submit, returns at once (async)
# Usage: make slurm-run PROFILE=name [FORCE=1] [PARTITION=..] [ACCOUNT=..] [DRY_RUN=1] [OUTPUT=json]
#
# Shows the [Profile 확인] card, refuses a duplicate before copying anything (FORCE=1 overrides),
# then push (1 ssh + 1 rsync) and submit (1 ssh): 2 ssh + 1 rsync in all.

# shellcheck source=/dev/null
. "$(action_file show)"
# shellcheck source=/dev/null
. "$(action_file push)"
# shellcheck source=/dev/null
. "$(action_file submit)"

do_run() {
  load_profile
  need_remote
  push_for_submit
  do_submit
}
