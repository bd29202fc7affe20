# Two commands on a fresh clone: `make demo` and `make test`. Each sets up .venv first when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint eval clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Index the shipped corpus (only new or changed sections are embedded), draft every example
# with the offline writer as Markdown and Word, then show one draft and its number check.
demo: $(STAMP)
	$(BIN)/drafter index
	$(BIN)/drafter examples "志愿服务" -k 3
	mkdir -p out
	for notes in examples/*.md examples/*.yaml; do \
		name=$$(basename $${notes%.*}); \
		$(BIN)/drafter draft $$notes -o out/$$name.md --force -q || exit 1; \
		$(BIN)/drafter draft $$notes -o out/$$name.docx --force -q || exit 1; \
	done
	cat out/yingbinlu-2023-xuanchuan.md
	$(BIN)/drafter check out/yingbinlu-2023-xuanchuan.md

test: $(STAMP)
	$(BIN)/ruff check drafter tests eval
	$(BIN)/python -m pytest

eval: $(STAMP)
	$(BIN)/python eval/run

clean:
	rm -rf $(VENV) .drafter out
