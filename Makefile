# slurm-runner — make toolkit for ptj_stock_lab SLURM jobs, plus the bot's build/test/demo.
# Works with GNU make 3.81 (macOS) and newer: no .ONESHELL, no $(file ...).
# Real logic lives in scripts/; each recipe is one line. User-supplied variables (PROFILE, JOBID, PARTITION, ...)
# reach the scripts through the environment (make exports command-line variables) and are validated there;
# they are never expanded into a recipe's shell command line.
# TEST_BASH=/path/to/bash: recipes run under that bash (and scripts/test.sh and the bats helpers put it first on
# PATH for every `#!/usr/bin/env bash`), e.g. a bash 3.2.57 to check the Mac's /bin/bash (docs/mac.md).
SHELL := $(or $(TEST_BASH),/bin/bash)
.DEFAULT_GOAL := help
export LANG := C.UTF-8
export LC_ALL := C.UTF-8

TOOLKIT_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
# The research project whose slurm/profiles, slurm/jobs, slurm/logs and data/results the toolkit uses.
export PROJECT_DIR ?= $(CURDIR)
# Cluster settings: CLUSTER_CONF=path when given; otherwise the toolkit and the bot choose when they run (not when
# make starts, so a dev-up earlier in the same make run counts): config/cluster.dev.conf if present, else
# config/cluster.conf.

SLURM := $(TOOLKIT_DIR)/scripts/slurm/toolkit.sh

.PHONY: help
help: ## show this list
	@awk 'BEGIN{FS=":.*## "} /^[a-zA-Z0-9_-]+:.*## /{printf "  %-22s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

##@ SLURM jobs (PROFILE=name; OUTPUT=json for machine-readable output)
.PHONY: slurm-profiles slurm-show slurm-push slurm-submit slurm-run slurm-full slurm-watch slurm-status slurm-log \
        slurm-collect slurm-recover slurm-clean slurm-cancel slurm-sweep
slurm-profiles: ## list profiles (slurm/profiles/*.conf)
	@$(SLURM) profiles
slurm-show: ## profile card: make slurm-show PROFILE=backtest_v5
	@$(SLURM) show
slurm-push: ## copy code to runs/PROFILE-TIMESTAMP on the server
	@$(SLURM) push
slurm-submit: ## sbatch the pushed run dir (FORCE=1 overrides the duplicate guard)
	@$(SLURM) submit
slurm-run: ## push + submit, returns at once: make slurm-run PROFILE=backtest_v5
	@$(SLURM) run
slurm-full: ## push + submit + watch + collect, waits for the end
	@$(SLURM) full
slurm-watch: ## wait until PROFILE's job ends
	@$(SLURM) watch
slurm-status: ## server squeue + sacct and local .jobid/.rundir tracking
	@$(SLURM) status
slurm-log: ## tail of slurm/logs/JOBID.out (STREAM=err, LINES=N)
	@$(SLURM) log
slurm-collect: ## pull results + logs, then delete that run dir (refused while RUNNING/PENDING)
	@$(SLURM) collect
slurm-recover: ## reconcile local state with the server after an ssh drop or lost files
	@$(SLURM) recover
slurm-clean: ## list run dirs to delete; deletes only with CONFIRM=yes
	@$(SLURM) clean
slurm-cancel: ## scancel one job, a whole sweep (its array id) or one task: JOBID=12345 | JOBID=812_3
	@$(SLURM) cancel
slurm-sweep: ## one array job over a grid: make slurm-sweep PROFILE=backtest_v5 SWEEP='seed=1..20' [MAX_PARALLEL=K]
	@$(SLURM) sweep

##@ Container image (Pyxis + enroot)
.PHONY: slurm-image-refresh slurm-image-build slurm-image-push slurm-image-setup slurm-image-status
slurm-image-refresh: ## rebuild the .sqsh on the server with enroot (no Docker needed)
	@$(SLURM) image-refresh
slurm-image-build: ## local docker buildx linux/amd64 build
	@$(SLURM) image-build
slurm-image-push: ## send the local image to the server and enroot import it
	@$(SLURM) image-push
slurm-image-setup: ## image-build + image-push
	@$(SLURM) image-setup
slurm-image-status: ## image on the server: size, date, sha256, stale?
	@$(SLURM) image-status

##@ Dev cluster (real single-node SLURM + sshd on 127.0.0.1; root, Debian/Ubuntu)
.PHONY: dev-up dev-down dev-status
dev-up: ## start munge, MariaDB, slurmdbd, slurmctld, slurmd, sshd; writes config/cluster.dev.conf
	@$(TOOLKIT_DIR)/scripts/dev-cluster.sh up
dev-down: ## stop the dev cluster daemons (by pid)
	@$(TOOLKIT_DIR)/scripts/dev-cluster.sh down
dev-status: ## show which dev cluster daemons run
	@$(TOOLKIT_DIR)/scripts/dev-cluster.sh status

##@ The bot
.PHONY: setup build console slack demo test lint bench
setup: ## install what demo/test need (root on Debian/Ubuntu); elsewhere list what is missing
	@$(TOOLKIT_DIR)/scripts/setup.sh
build: ## build target/slurm-runner.jar
	@$(TOOLKIT_DIR)/scripts/build.sh
console: build ## talk to the bot in this terminal
	@$(TOOLKIT_DIR)/bin/slurm-runner console
slack: build ## start the Slack app (SLACK_BOT_TOKEN, SLACK_APP_TOKEN or SLACK_SIGNING_SECRET)
	@$(TOOLKIT_DIR)/bin/slurm-runner slack
demo: ## set up, bring up the dev cluster, run a scripted conversation; fails unless results were collected
	@$(TOOLKIT_DIR)/scripts/demo.sh
test: ## set up, then all tests: shellcheck, bats (TEST_BASH=path: under that bash), JUnit unit + ITs
	@$(TOOLKIT_DIR)/scripts/test.sh
lint: ## shellcheck every script
	@$(TOOLKIT_DIR)/scripts/lint.sh
bench: ## measure the toolkit and the bot; prints a table, writes bench/results/
	@$(TOOLKIT_DIR)/scripts/bench.sh
.PHONY: eval-intent
eval-intent: ## intent accuracy per action: bank cross-validation, held-out sets, safety set (docs/intent-classifier.md)
	@$(TOOLKIT_DIR)/scripts/eval-intent.sh

##@ Running the bot as a service (docs/operations.md)
.PHONY: doctor bot-install bot-uninstall
doctor: build ## check tokens, scopes, ssh, partition/account, image, LLM, state dir: one line per check
	@$(TOOLKIT_DIR)/bin/slurm-runner doctor
bot-install: ## install the systemd unit (root) or launchd plist (Mac); enables, never starts; DESTDIR= for a dry root
	@$(TOOLKIT_DIR)/scripts/bot-service.sh install
bot-uninstall: ## stop and remove the systemd unit / launchd plist (keeps the user, state and env file)
	@$(TOOLKIT_DIR)/scripts/bot-service.sh uninstall
