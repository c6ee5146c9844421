# The two commands of the README.
.PHONY: serve test setup bench

serve:          ## set up everything (first run) and serve http://127.0.0.1:5000
	scripts/serve.sh

test:           ## ruff, pyright, the plugin matrix and the whole test suite (scripts/test.sh)
	scripts/test.sh

setup:          ## set up without serving
	TDPF_NO_SERVE=1 scripts/serve.sh

bench:          ## search benchmark (N datasets; see bench/search.py --help)
	.venv/bin/python bench/search.py
