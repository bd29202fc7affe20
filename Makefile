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
	# Word notes draft exactly like their Markdown twin; a ledger (台账) becomes notes, a checked draft,
	# and figures traceable to their rows.
	$(BIN)/drafter draft examples/yingbinlu-2023-xuanchuan.docx -o out/yingbinlu-2023-xuanchuan-from-word.md --force -q
	cmp out/yingbinlu-2023-xuanchuan.md out/yingbinlu-2023-xuanchuan-from-word.md && echo "the .docx drafts exactly like its Markdown twin"
	$(BIN)/drafter notes examples/yingbinlu-2024-ledger.xlsx -o out/yingbinlu-2024-ledger.notes.md --force
	cat out/yingbinlu-2024-ledger.notes.md
	$(BIN)/drafter draft out/yingbinlu-2024-ledger.notes.md -o out/yingbinlu-2024-ledger.md --force -q
	$(BIN)/drafter draft out/yingbinlu-2024-ledger.notes.md -o out/yingbinlu-2024-ledger.docx --force -q
	$(BIN)/drafter notes --explain l3 out/yingbinlu-2024-ledger.notes.md

test: $(STAMP)
	$(BIN)/ruff check drafter tests eval
	$(BIN)/python -m pytest

eval: $(STAMP)
	$(BIN)/python eval/run

clean:
	rm -rf $(VENV) .drafter out
