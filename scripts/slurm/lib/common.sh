# shellcheck shell=bash
# Shared helpers for the make toolkit: output (Korean report or one JSON line), failures with error codes,
# config parsing (never sourcing) and variable validation.
# Local side must run on macOS: bash 3.2, BSD userland. No associative arrays, no mapfile, no ${x,,},
# no GNU-only flags of sed/date/stat/mktemp/readlink.

# ---------------------------------------------------------------- output
# The result object is kept as two parallel indexed arrays (bash 3.2 has no associative arrays).
OUT_KEYS=()
OUT_VALS=()

# json_str STRING -> REPLY holds the JSON string literal (quotes included).
json_str() {
  local s=$1 bs="\\"
  case $s in *"$bs"*) str_replace "$s" "$bs" "$bs$bs"; s=$REPLY ;; esac
  case $s in *'"'*) str_replace "$s" '"' "$bs"'"'; s=$REPLY ;; esac
  case $s in *$'\n'*) str_replace "$s" $'\n' "$bs"n; s=$REPLY ;; esac
  case $s in *$'\r'*) str_replace "$s" $'\r' "$bs"r; s=$REPLY ;; esac
  case $s in *$'\t'*) str_replace "$s" $'\t' "$bs"t; s=$REPLY ;; esac
  case $s in
    *[[:cntrl:]]*) s=$(printf '%s' "$s" | LC_ALL=C tr -d '\000-\037\177') ;;
  esac
  REPLY="\"$s\""
}

# json_str_or_null STRING -> REPLY is null for an empty string.
json_str_or_null() {
  if [ -z "$1" ]; then REPLY=null; else json_str "$1"; fi
}

# json_array_of_lines FILE_OR_EMPTY -> REPLY is a JSON array of the file's lines as strings.
json_array_of_lines() {
  local f=$1 line acc=""
  if [ -n "$f" ] && [ -f "$f" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      json_str "$line"
      acc="${acc:+$acc,}$REPLY"
    done <"$f"
  fi
  REPLY="[$acc]"
}

# out_raw KEY RAW_JSON: set (or replace) a key of the result object.
out_raw() {
  local i=0 n=${#OUT_KEYS[@]}
  while [ "$i" -lt "$n" ]; do
    if [ "${OUT_KEYS[$i]}" = "$1" ]; then OUT_VALS[i]=$2; return 0; fi
    i=$((i + 1))
  done
  OUT_KEYS[n]=$1
  OUT_VALS[n]=$2
}
out_str() { json_str "$2"; out_raw "$1" "$REPLY"; }
out_str_or_null() { json_str_or_null "$2"; out_raw "$1" "$REPLY"; }
out_num() { out_raw "$1" "$2"; }
out_bool() { out_raw "$1" "$2"; }
# out_flag KEY FLAG: a remote script's 1/0 flag as a JSON boolean (anything but 1 is false)
out_flag() { if [ "${2:-0}" = 1 ]; then out_raw "$1" true; else out_raw "$1" false; fi; }

json_object() {
  local i=0 n=${#OUT_KEYS[@]} acc=""
  while [ "$i" -lt "$n" ]; do
    json_str "${OUT_KEYS[$i]}"
    acc="${acc:+$acc,}$REPLY:${OUT_VALS[$i]}"
    i=$((i + 1))
  done
  REPLY="{$acc}"
}

is_json() { [ "${OUTPUT:-}" = json ]; }

# say TEXT...: a line of the Korean human report (silent with OUTPUT=json).
say() {
  is_json && return 0
  printf '%s\n' "$@"
}

# progress TEXT: a short progress line; with OUTPUT=json it goes to stderr so stdout's last line stays JSON.
progress() {
  if is_json; then printf '%s\n' "$*" >&2; else printf '%s\n' "$*"; fi
}

# finish: print the JSON object (OUTPUT=json) and exit 0.
finish_ok() {
  out_raw ok true
  move_ok_first
  if is_json; then json_object; printf '%s\n' "$REPLY"; fi
  exit 0
}

# Put "ok" (and "error") first so the object reads well; JSON itself does not care.
move_ok_first() {
  local keys=() vals=() i=0 n=${#OUT_KEYS[@]} k
  for k in ok error message; do
    i=0
    while [ "$i" -lt "$n" ]; do
      if [ "${OUT_KEYS[$i]}" = "$k" ]; then keys[${#keys[@]}]=$k; vals[${#vals[@]}]=${OUT_VALS[$i]}; fi
      i=$((i + 1))
    done
  done
  i=0
  while [ "$i" -lt "$n" ]; do
    case ${OUT_KEYS[$i]} in
      ok|error|message) ;;
      *) keys[${#keys[@]}]=${OUT_KEYS[$i]}; vals[${#vals[@]}]=${OUT_VALS[$i]} ;;
    esac
    i=$((i + 1))
  done
  OUT_KEYS=("${keys[@]}")
  OUT_VALS=("${vals[@]}")
}

# fail CODE MESSAGE [HINT] [EXIT]: report a failure and exit non-zero.
# Exit codes: 2 bad input (invalid_*/profile_not_found), 3 confirm_required, 1 everything else.
fail() {
  local code=$1 msg=$2 hint=${3:-} rc=${4:-}
  if [ -z "$rc" ]; then
    case $code in
      invalid_variable|invalid_profile|invalid_jobid|profile_not_found|invalid_sweep|too_many_tasks) rc=2 ;;
      confirm_required) rc=3 ;;
      *) rc=1 ;;
    esac
  fi
  out_raw ok false
  out_str error "$code"
  out_str message "$msg"
  [ -n "$hint" ] && out_str hint "$hint"
  move_ok_first
  if is_json; then
    json_object
    printf '%s\n' "$REPLY"
  else
    case $code:$msg in
      *:⚠️*|confirm_required:*) printf '%s\n' "$msg" ;;
      *) printf '❌ %s\n' "$msg" ;;
    esac
    [ -n "$hint" ] && printf '%s\n' "$hint"
    # a question is not an error: no "(error: …)" tag under it
    [ "${TOOLKIT_SHOW_CODE:-1}" = 1 ] && [ "$code" != confirm_required ] && printf '   (error: %s)\n' "$code"
  fi
  exit "$rc"
}

# ---------------------------------------------------------------- small portable utilities
# str_replace STRING FROM TO -> REPLY: every literal FROM replaced by TO. Built with a loop of ${x%%…}/${x#…}
# because ${x//pat/rep} treats quotes and backslashes in rep differently in bash 3.2 (macOS) and bash 4+.
str_replace() {
  local rest=$1 from=$2 to=$3 acc=""
  while :; do
    case $rest in
      *"$from"*) acc=$acc${rest%%"$from"*}$to; rest=${rest#*"$from"} ;;
      *) REPLY=$acc$rest; return 0 ;;
    esac
  done
}

# shell_quote WORD -> REPLY: the word as one POSIX-shell word (bare when it is safe, else single-quoted;
# each ' inside becomes '\'' ). Same result under bash 3.2 and 5 (tests/toolkit/portability.bats).
shell_quote() {
  case $1 in
    '') REPLY="''" ;;
    *[!A-Za-z0-9_./=:,+@%-]*) str_replace "$1" "'" "'\\''"; REPLY="'$REPLY'" ;;
    *) REPLY=$1 ;;
  esac
}

# matches VALUE ERE
matches() {
  local re=$2
  [[ $1 =~ $re ]]
}

# has_dotdot PATH: true when a path component is "..".
has_dotdot() {
  case "/$1/" in */../*) return 0 ;; esac
  return 1
}

now_stamp() { date +%Y%m%d-%H%M%S; }

# sha256 of stdin, whichever tool the machine has (sha256sum on Linux/busybox, shasum on macOS).
sha256_stdin() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum | awk '{print $1}'
  elif command -v shasum >/dev/null 2>&1; then shasum -a 256 | awk '{print $1}'
  else openssl dgst -sha256 | awk '{print $NF}'
  fi
}

# write_atomic FILE CONTENT: write via a temp file in the same dir and rename.
write_atomic() {
  local f=$1 tmp
  tmp="$f.tmp.$$"
  printf '%s\n' "$2" >"$tmp" && mv -f "$tmp" "$f"
}

# read_first_line FILE -> REPLY (empty when missing)
read_first_line() {
  REPLY=""
  [ -f "$1" ] || return 1
  IFS= read -r REPLY <"$1" || true
  REPLY=${REPLY%$'\r'}
  return 0
}

# ---------------------------------------------------------------- config files (parsed, never sourced)
# conf_parse FILE PREFIX KIND ALLOWED_KEYS: each KEY=value line sets variable PREFIX_KEY and records the key in
# PREFIX__KEYS. KIND is "profile" or "cluster" (decides the error code). Keys not in ALLOWED_KEYS are refused.
conf_parse() {
  local file=$1 prefix=$2 kind=$3 allowed=" $4 " line key val n=0 code
  [ "$kind" = profile ] && code=invalid_profile || code=invalid_variable
  printf -v "${prefix}__KEYS" '%s' ""
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    line=${line%$'\r'}
    # trim leading blanks
    line=${line#"${line%%[![:space:]]*}"}
    case $line in ''|'#'*) continue ;; esac
    case $line in
      *=*) ;;
      *) out_str key "line $n"; out_str expected "KEY=value"
         fail "$code" "$(basename "$file") ${n}행: KEY=value 형식이 아닙니다: $line" ;;
    esac
    key=${line%%=*}
    key=${key%"${key##*[![:space:]]}"}
    val=${line#*=}
    val=${val#"${val%%[![:space:]]*}"}
    val=${val%"${val##*[![:space:]]}"}
    if ! matches "$key" '^[A-Z][A-Z0-9_]*$' || [ "${allowed#* "$key" }" = "$allowed" ]; then
      out_str key "$key"; out_str expected "one of:$allowed"
      fail "$code" "$(basename "$file"): 알 수 없는 키 $key (허용:$allowed)"
    fi
    printf -v "${prefix}_${key}" '%s' "$val"
    eval "${prefix}__KEYS=\"\${${prefix}__KEYS} \$key\""
  done <"$file"
}

# conf_has PREFIX KEY
conf_has() {
  local keys_var="${1}__KEYS" keys
  keys=" ${!keys_var-} "
  [ "${keys#* "$2" }" != "$keys" ]
}

# env_value KEY -> REPLY: value of environment variable KEY (empty when unset); true when non-empty.
env_value() {
  REPLY=${!1-}
  [ -n "$REPLY" ]
}
