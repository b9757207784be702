# shellcheck shell=bash
# sbatch rendering: every {{PLACEHOLDER}} is filled from a fixed list; an unknown or unfilled one is a
# template_error, never a silent blank.

PLACEHOLDERS="PROFILE JOB_NAME RUN_DIR REMOTE_DIR PARTITION ACCOUNT CPUS MEM TIME SCRIPT SCRIPT_ARGS CONTAINER_IMAGE CONTAINER_MODE LOG_NAME"

# quoted_script_args -> REPLY: SCRIPT_ARGS split on blanks, each word shell-quoted.
quoted_script_args() {
  local w acc=""
  for w in $SCRIPT_ARGS; do
    shell_quote "$w"
    acc="${acc:+$acc }$REPLY"
  done
  REPLY=$acc
}

# render_sbatch RUN_DIR_ABS OUTFILE: render the profile's template into OUTFILE.
render_sbatch() {
  local run_dir=$1 outfile=$2 tname tfile rc k
  template_name; tname=$REPLY
  tfile="$PROJECT_DIR/slurm/templates/$tname.sbatch"
  if [ ! -f "$tfile" ]; then
    out_str placeholder ""
    fail template_error "템플릿이 없습니다: slurm/templates/$tname.sbatch" "→ TEMPLATE 값과 slurm/templates/ 를 확인하세요."
  fi
  TEMPLATE_USED=$tname
  # Pyxis reads --container-image as a file only when it starts with / (or .): anything else is pulled from Docker Hub.
  if grep -q -- '--container-image=' "$tfile" && [ "${CONTAINER_IMAGE#/}" = "$CONTAINER_IMAGE" ]; then
    out_str placeholder CONTAINER_IMAGE
    fail template_error "CONTAINER_IMAGE 가 절대 경로가 아닙니다: '$CONTAINER_IMAGE' (Pyxis 는 /로 시작하지 않는 이미지를 Docker Hub 에서 받으려 합니다)" \
      "→ CONTAINER_IMAGE 를 /로 시작하는 .sqsh 경로로 설정하세요 (예: /mnt/giga/project/ptj_stock_lab/slurm/images/ptj_stock_lab.sqsh)."
  fi
  quoted_script_args
  # a sweep's tasks take their arguments from sweep/tasks.txt (the template's `set --` line), logs are %A_%a
  [ -n "${SWEEP_ARRAY:-}" ] && REPLY='"$@"'
  local TPL_LOG_NAME='%j'
  [ -n "${SWEEP_ARRAY:-}" ] && TPL_LOG_NAME='%A_%a'
  local TPL_PROFILE=$PROFILE TPL_JOB_NAME=$JOB_NAME TPL_RUN_DIR=$run_dir TPL_REMOTE_DIR=$REMOTE_DIR \
        TPL_PARTITION=$PARTITION TPL_ACCOUNT=$ACCOUNT TPL_CPUS=$CPUS TPL_MEM=$MEM TPL_TIME=$TIME \
        TPL_SCRIPT=$SCRIPT TPL_SCRIPT_ARGS=$REPLY TPL_CONTAINER_IMAGE=$CONTAINER_IMAGE \
        TPL_CONTAINER_MODE=${CONTAINER_MODE:-readonly}
  for k in $PLACEHOLDERS; do
    local tv="TPL_$k"
    export "TPL_$k"
    # SCRIPT_ARGS may be empty; every other value must be filled.
    if [ "$k" != SCRIPT_ARGS ] && [ -z "${!tv}" ]; then TPL_EMPTY="${TPL_EMPTY:-} $k"; fi
  done
  local bad
  bad=$(TPL_KNOWN=" $PLACEHOLDERS " TPL_EMPTY=" ${TPL_EMPTY:-} " awk '
    BEGIN { known = ENVIRON["TPL_KNOWN"]; empty = ENVIRON["TPL_EMPTY"] }
    {
      line = $0; out = ""
      while (match(line, /[{][{][^{}]*[}][}]/)) {
        name = substr(line, RSTART + 2, RLENGTH - 4)
        if (name !~ /^[A-Z_][A-Z0-9_]*$/ || index(known, " " name " ") == 0) { print "unknown " name > "/dev/stderr"; bad = 1; exit 3 }
        if (index(empty, " " name " ") > 0) { print "unfilled " name > "/dev/stderr"; bad = 1; exit 3 }
        out = out substr(line, 1, RSTART - 1) ENVIRON["TPL_" name]
        line = substr(line, RSTART + RLENGTH)
      }
      out = out line
      if (index(out, "{{") > 0 || index(out, "}}") > 0) { print "unknown " out > "/dev/stderr"; bad = 1; exit 3 }
      print out
    }' "$tfile" 2>&1 >"$outfile")
  rc=$?
  if [ "$rc" -ne 0 ] || [ -n "$bad" ]; then
    local kind=${bad%% *} name=${bad#* }
    out_str placeholder "$name"
    out_str template "slurm/templates/$tname.sbatch"
    if [ "$kind" = unfilled ]; then
      fail template_error "템플릿 slurm/templates/$tname.sbatch 의 {{$name}} 에 넣을 값이 없습니다." "→ Profile/cluster 설정에서 $name 값을 확인하세요."
    fi
    local p list=""
    for p in $PLACEHOLDERS; do list="$list {{$p}}"; done
    fail template_error "템플릿 slurm/templates/$tname.sbatch 에 알 수 없는 자리표시자 {{$name}} 가 있습니다." \
      "→ 사용 가능한 자리표시자:$list"
  fi
}
