#!/usr/bin/env bash
# Drives a running Starling server with Debian's toot CLI, as a person at a terminal would.
#
# Run by Starling.Clients.Tests; by hand against any server:
#
#   STARLING_URL=http://127.0.0.1:5000 STARLING_USERNAME=alice STARLING_EMAIL=alice@example.com STARLING_PASSWORD=... \
#   STARLING_OTHER_USERNAME=bob STARLING_OTHER_EMAIL=bob@example.com STARLING_OTHER_PASSWORD=... bash check.sh
#
# STARLING_INSTANCE_TITLE, when set, is the instance name the server must report.
# STARLING_CLIENT_STEPS=all also runs the steps in NOT_YET_RUN; a list of names ("instance login_cli") runs only those.
#
# Prints "plan: ..." (the steps it runs), "pending: ..." for each step it leaves out, "ok: <step>" after each step,
# and on the first failure "FAILED: <step>: <why>" and exits 1. toot's own output is shown indented.
# toot keeps its logins in a config file: this script gives it a temporary HOME, removed at the end.
set -uo pipefail

# The order they run in.
STEPS=(instance login_cli whoami instance_of_login other_login post timeline_home timeline_public follow favourite boost
  notifications delete)

# Written, but not yet run: each waits for the endpoints named beside it. Delete a line when they land.
declare -A NOT_YET_RUN=(
  [login_cli]="GET /api/v1/accounts/verify_credentials (toot checks the token with it)"
  [whoami]="GET /api/v1/accounts/verify_credentials"
  [instance_of_login]="GET /api/v1/accounts/verify_credentials (needs the login)"
  [other_login]="GET /api/v1/accounts/verify_credentials"
  [post]="the login_cli step (GET /api/v1/accounts/verify_credentials); POST /api/v1/statuses is in"
  [timeline_home]="GET /api/v1/timelines/home"
  [timeline_public]="GET /api/v1/timelines/public"
  [follow]="GET /api/v2/search?type=accounts&resolve=true (toot finds the account by name), POST /api/v1/accounts/:id/follow"
  [favourite]="the login_cli and other_login steps (GET /api/v1/accounts/verify_credentials); POST /api/v1/statuses/:id/favourite is in"
  [boost]="the login_cli and other_login steps (GET /api/v1/accounts/verify_credentials); POST /api/v1/statuses/:id/reblog is in"
  [notifications]="GET /api/v1/notifications"
  [delete]="the login_cli step (GET /api/v1/accounts/verify_credentials), GET /api/v1/timelines/home (it checks the post left home); DELETE /api/v1/statuses/:id is in"
)

for name in STARLING_URL STARLING_USERNAME STARLING_EMAIL STARLING_PASSWORD STARLING_OTHER_USERNAME STARLING_OTHER_EMAIL STARLING_OTHER_PASSWORD; do
  if [ -z "${!name:-}" ]; then
    echo "FAILED: setup: the environment variable $name is not set"
    exit 2
  fi
done

url=${STARLING_URL%/}
domain=${url#*://}
https_flag=()
[[ $url == http://* ]] && https_flag=(--disable-https)
me="$STARLING_USERNAME@$domain"
other="$STARLING_OTHER_USERNAME@$domain"
run_tag=$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')

HOME=$(mktemp -d -t starling-toot.XXXXXX)
export HOME XDG_CONFIG_HOME="$HOME/.config" NO_COLOR=1 TERM=dumb
trap 'rm -rf "$HOME"' EXIT

failure=""
output=""

fail() { failure=$1; return 1; }

# Runs toot, shows its output indented, and keeps it in $output; fails the step when toot exits non-zero.
toot_run() {
  local input=""
  if [ "$1" = "--stdin" ]; then input=$2; shift 2; fi
  echo "  \$ toot $*"
  output=$(printf '%s' "$input" | toot "$@" 2>&1)
  local code=$?
  printf '%s\n' "$output" | sed 's/^/  | /'
  [ $code -eq 0 ] || fail "toot $1 exited with $code"
}

expect_output() { # text-to-find, what-it-means
  grep -qF -- "$1" <<<"$output" || fail "$2 (no \"$1\" in toot's output)"
}

needs() { # variable, step
  [ -n "${!1:-}" ] || fail "needs what step '$2' makes; run that step first"
}

# ---- Steps (one small function each; STEPS above gives the order) ----

step_instance() {
  toot_run instance "$domain" "${https_flag[@]}" || return 1
  expect_output "$domain" "the instance does not call itself $domain" || return 1
  expect_output "Starling" "the version does not name Starling" || return 1
  if [ -n "${STARLING_INSTANCE_TITLE:-}" ]; then
    expect_output "$STARLING_INSTANCE_TITLE" "the title is not $STARLING_INSTANCE_TITLE" || return 1
  fi
}

# toot registers an app, asks for a token with the password grant and checks it with verify_credentials, all in one.
step_login_cli() {
  toot_run --stdin "$STARLING_PASSWORD" login_cli --instance "$domain" --email "$STARLING_EMAIL" "${https_flag[@]}" || return 1
  expect_output "Successfully logged in" "toot did not report a login" || return 1
  logged_in=yes
}

step_whoami() {
  needs logged_in login_cli || return 1
  toot_run whoami --using "$me" || return 1
  expect_output "@$STARLING_USERNAME" "whoami does not show @$STARLING_USERNAME"
}

step_instance_of_login() {
  needs logged_in login_cli || return 1
  toot_run instance "${https_flag[@]}" || return 1
  expect_output "$domain" "the logged-in instance does not call itself $domain"
}

step_other_login() {
  toot_run --stdin "$STARLING_OTHER_PASSWORD" login_cli --instance "$domain" --email "$STARLING_OTHER_EMAIL" "${https_flag[@]}" || return 1
  expect_output "Successfully logged in" "toot did not report the second login" || return 1
  other_logged_in=yes
}

step_post() {
  needs logged_in login_cli || return 1
  toot_run post --using "$me" "Hello from toot $run_tag" || return 1
  expect_output "Toot posted" "toot did not report the post" || return 1
  # toot prints the post's URL, which ends with its id.
  status_id=$(grep -oE '[0-9]+$' <<<"$output" | tail -n 1)
  [ -n "$status_id" ] || fail "no status id at the end of the URL toot printed"
}

step_timeline_home() {
  needs status_id post || return 1
  toot_run timeline --using "$me" --once --count 10 || return 1
  expect_output "$run_tag" "the post is not on the home timeline"
}

step_timeline_public() {
  needs status_id post || return 1
  toot_run timeline --using "$me" --public --once --count 10 || return 1
  expect_output "$run_tag" "the post is not on the public timeline"
}

step_follow() {
  needs other_logged_in other_login || return 1
  toot_run follow --using "$other" "$STARLING_USERNAME" || return 1
  expect_output "You are now following" "toot did not report the follow"
}

step_favourite() {
  needs other_logged_in other_login || return 1
  needs status_id post || return 1
  toot_run favourite --using "$other" "$status_id" || return 1
  expect_output "Status favourited" "toot did not report the favourite"
}

step_boost() {
  needs other_logged_in other_login || return 1
  needs status_id post || return 1
  toot_run reblog --using "$other" "$status_id" || return 1
  expect_output "Status reblogged" "toot did not report the boost"
}

step_notifications() {
  needs logged_in login_cli || return 1
  # Notifications are written by a background job; ask again until all three have arrived.
  local attempt
  for attempt in $(seq 1 100); do
    toot_run notifications --using "$me" >/dev/null || return 1
    if grep -q "now follows you" <<<"$output" && grep -q "favourited your status" <<<"$output" && grep -q "reblogged your status" <<<"$output"; then
      printf '%s\n' "$output" | sed 's/^/  | /'
      return 0
    fi
    sleep 0.1
  done
  printf '%s\n' "$output" | sed 's/^/  | /'
  fail "the follow, favourite and boost notifications did not all arrive"
}

step_delete() {
  needs status_id post || return 1
  toot_run delete --using "$me" "$status_id" || return 1
  expect_output "Status deleted" "toot did not report the delete" || return 1
  toot_run timeline --using "$me" --once --count 10 || return 1
  if grep -qF -- "Hello from toot $run_tag" <<<"$output"; then fail "the deleted post is still on the home timeline"; fi
}

# ---- Running ----

selected=()
if [ "${STARLING_CLIENT_STEPS:-}" = "all" ]; then
  selected=("${STEPS[@]}")
elif [ -n "${STARLING_CLIENT_STEPS:-}" ]; then
  for name in $STARLING_CLIENT_STEPS; do
    [[ " ${STEPS[*]} " == *" $name "* ]] || { echo "FAILED: setup: unknown step $name; the steps are ${STEPS[*]}"; exit 2; }
  done
  for name in "${STEPS[@]}"; do
    [[ " $STARLING_CLIENT_STEPS " == *" $name "* ]] && selected+=("$name")
  done
else
  for name in "${STEPS[@]}"; do
    [ -n "${NOT_YET_RUN[$name]:-}" ] || selected+=("$name")
  done
fi

echo "toot $(/usr/bin/python3 -c 'import toot; print(toot.__version__)' 2>/dev/null) against $url"
echo "plan: ${selected[*]}"
for name in "${STEPS[@]}"; do
  [[ " ${selected[*]} " == *" $name "* ]] || echo "pending: $name (waits for ${NOT_YET_RUN[$name]:-nothing; not selected})"
done
for name in "${selected[@]}"; do
  failure=""
  if ! "step_$name"; then
    echo "FAILED: $name: ${failure:-the step failed}"
    exit 1
  fi
  echo "ok: $name"
done
echo "toot: ${#selected[@]} steps ok, $(( ${#STEPS[@]} - ${#selected[@]} )) pending"
