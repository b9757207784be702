# shellcheck shell=bash disable=SC2154
# status: ARGS tracked job ids. One squeue --me -t all + one sacct for tracked ids that left the queue.
main() {
  init "$1" "$2"; shift 2
  query_jobs "$@"
  # every job of the user (server view), in squeue order
  if [ -n "$SQUEUE_OUT" ]; then
    while IFS='|' read -r id name state elapsed nodes nodelist reason workdir; do
      [ -n "$id" ] && L server "$id|$name|$state|$elapsed|$nodes|$nodelist|$reason|$workdir"
    done <<<"$SQUEUE_OUT"
  fi
  done_
}
