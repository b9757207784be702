# slurm-runner — make toolkit for ptj_stock_lab SLURM jobs, plus the bot's build/test/demo.
# Works with GNU make 3.81 (macOS) and newer: no .ONESHELL, no $(file ...).
# Real logic lives in scripts/; each recipe is one line. User-supplied variables (PROFILE, JOBID, PARTITION, ...)
# reach the scripts through the environment (make exports command-line variables) and are validated there;
# they are never expanded into a recipe's shell command line.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export LANG := C.UTF-8
export LC_ALL := C.UTF-8

TOOLKIT_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
# The research project whose slurm/profiles, slurm/jobs, slurm/logs and data/results the toolkit uses.
export PROJECT_DIR ?= $(CURDIR)
# Cluster settings file (config/cluster.dev.conf is written by `make dev-up`).
export CLUSTER_CONF ?= $(if $(wildcard $(PROJECT_DIR)/config/cluster.dev.conf),$(PROJECT_DIR)/config/cluster.dev.conf,$(PROJECT_DIR)/config/cluster.conf)

SLURM := $(TOOLKIT_DIR)/scripts/slurm/toolkit.sh

.PHONY: help
help: ## show this list
	@awk 'BEGIN{FS=":.*## "} /^[a-zA-Z0-9_-]+:.*## /{printf "  %-22s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

##@ SLURM jobs (PROFILE=name; OUTPUT=json for machine-readable output)
.PHONY: slurm-profiles slurm-show slurm-push slurm-submit slurm-run slurm-full slurm-watch slurm-status slurm-log \
        slurm-collect slurm-recover slurm-clean slurm-cancel
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
slurm-cancel: ## scancel one job: make slurm-cancel JOBID=12345
	@$(SLURM) cancel

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
.PHONY: build console slack demo test lint bench
build: ## build target/slurm-runner.jar
	@$(TOOLKIT_DIR)/scripts/build.sh
console: build ## talk to the bot in this terminal
	@$(TOOLKIT_DIR)/bin/slurm-runner console
slack: build ## start the Slack app (SLACK_BOT_TOKEN, SLACK_APP_TOKEN or SLACK_SIGNING_SECRET)
	@$(TOOLKIT_DIR)/bin/slurm-runner slack
demo: ## bring up the dev cluster and run a scripted conversation end to end
	@$(TOOLKIT_DIR)/scripts/demo.sh
test: ## all tests: shellcheck, toolkit tests and JUnit (unit + dev-cluster ITs)
	@$(TOOLKIT_DIR)/scripts/test.sh
lint: ## shellcheck every script
	@$(TOOLKIT_DIR)/scripts/lint.sh
bench: ## measure the toolkit and the bot; prints a table, writes bench/results/
	@$(TOOLKIT_DIR)/scripts/bench.sh
.PHONY: eval-intent
eval-intent: ## intent accuracy per action: bank cross-validation, held-out sets, safety set (docs/intent-classifier.md)
	@$(TOOLKIT_DIR)/scripts/eval-intent.sh
