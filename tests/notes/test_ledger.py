"""Ledgers into facts: header detection, merged cells, subtotals, date and number forms, grouping, the
genre's words, and every generated number recomputed from the ledger's own cells."""

from __future__ import annotations

import datetime as dt

import pytest
from ledger_files import TRUTH, write_ledger_xls

from drafter.errors import InputError
from drafter.notes import build_notes, parse_column_overrides
from drafter.notes.cells import parse_date, parse_number
from drafter.numbers import find_quantities


@pytest.mark.parametrize(
    "cell, value, qualifier",
    [(12, 12, ""), (12.0, 12, ""), ("12", 12, ""), ("12人", 12, ""), ("1,200", 1200, ""), ("１２人", 12, ""),
     ("30余人", 30, "余"), ("30多人", 30, "余"), ("约50", 50, "约"), ("50人左右", 50, "约"), ("12.5", 12.5, "")],
    ids=lambda x: str(x),
)
def test_numbers_as_ledgers_type_them(cell, value, qualifier):
    parsed = parse_number(cell)
    assert (parsed.value, parsed.qualifier) == (value, qualifier)


@pytest.mark.parametrize("cell", [None, "", "若干", "张三", "2023-03-05 上午", True])
def test_what_is_not_a_number(cell):
    assert parse_number(cell) is None


@pytest.mark.parametrize(
    "cell, expected",
    [(dt.datetime(2023, 3, 5, 0, 0), dt.date(2023, 3, 5)), (45047, dt.date(2023, 5, 1)), (45047.5, dt.date(2023, 5, 1)),
     ("2023.3.5", dt.date(2023, 3, 5)), ("2023/3/5", dt.date(2023, 3, 5)), ("2023-03-05", dt.date(2023, 3, 5)),
     ("2023年3月5日", dt.date(2023, 3, 5)), ("3月5日", dt.date(2023, 3, 5)), ("2023年3月", dt.date(2023, 3, 1)),
     ("２０２３．３．５", dt.date(2023, 3, 5))],
    ids=str,
)
def test_dates_as_excel_serials_datetimes_and_text(cell, expected):
    assert parse_date(cell, default_year=2023) == expected


@pytest.mark.parametrize("cell", ["3月5日", 12, "2023.13.1", "下午", None])
def test_what_is_not_a_date_without_a_year(cell):
    assert parse_date(cell) is None


def test_a_realistic_ledger_gives_one_fact_per_category_in_the_genres_words(ledger_xlsx):
    built = build_notes([ledger_xlsx])
    assert built.notes.community == "东风社区" and built.notes.period == "2023年"
    texts = {f.section: f.text for f in built.notes.facts}
    assert texts == {
        "志愿服务": "3月至9月共开展志愿服务活动4场，参与1,300人次，投入经费500元，内容涵盖“邻里守望”志愿服务、爱心义剪、楼道清洁日等",
        "理论宣讲": "4月至12月共开展理论宣讲2场，参与105人次，投入经费500元，内容涵盖清明祭英烈、宪法宣传日讲座",
        "文体活动": "6月至11月共开展文体活动2场，参与约190人次，投入经费2,300元，内容涵盖端午包粽子、广场舞展演",
    }
    assert [f.id for f in built.notes.facts] == ["l1", "l2", "l3"]
    # The pivot sheet is skipped with a note; the 小计, 合计, blank and sign-off rows are left out and recorded.
    assert any("数据透视" in n and "pivot" in n for n in built.notices)
    sheet = built.provenance["sheets"][0]
    assert sheet["header_row"] == 3 and sheet["columns"]["participants"] == "参与人数" and sheet["columns"]["category"] == "活动类型"
    reasons = [s["reason"] for s in sheet["skipped_rows"]]
    assert reasons.count("subtotal row (合计/小计)") == 2 and any("not an activity" in r for r in reasons)


def test_every_generated_number_is_recomputed_from_the_ledgers_cells(ledger_xlsx):
    """Independently of the tally: read the rows the provenance names with openpyxl, count and sum them,
    and compare with each quantity the number check finds in the fact's text."""
    from openpyxl import load_workbook

    built = build_notes([ledger_xlsx])
    ws = load_workbook(ledger_xlsx, data_only=True)["活动台账"]
    column = {ws.cell(3, c).value or ws.cell(2, c).value: c for c in range(1, ws.max_column + 1)}
    for fact_id, record in built.provenance["facts"].items():
        category = record["group"]
        count, people, _, money, first, last = TRUTH[category]
        by_op = {(n["operation"], n["column"]): n for n in record["numbers"]}
        rows = by_op[("count", "")]["rows"]
        assert all(ws.cell(r, column["活动类型"]).value == category for r in rows)
        assert len(rows) == count
        sums = {}
        for header in ("参与人数", "经费（元）"):
            n = by_op[("sum", header)]
            sums[header] = sum(parse_number(ws.cell(r, column[header]).value).value for r in n["rows"])
            assert sums[header] == n["value"]
        assert (sums["参与人数"], sums["经费（元）"]) == (people, money)
        # What the check reads in the fact's text is exactly the tallies: nothing more, nothing else.
        fact = built.notes.fact(fact_id)
        found = [q.text for q in find_quantities(fact.text)]
        expected = [n["quantity"] for n in record["numbers"] if n["operation"] != "first and last date"]
        assert set(expected) <= set(found), (fact.text, found)
        assert f"{first.month}月" in fact.text and f"{last.month}月" in fact.text


def test_xls_from_older_excel_is_read_with_xlrd(tmp_path):
    built = build_notes([write_ledger_xls(tmp_path / "走访.xls")])
    assert [f.text for f in built.notes.facts] == ["2月至8月共开展走访慰问2次，参与10人次，内容涵盖慰问老党员、探访独居老人"]


def test_gbk_csv_without_categories_is_one_fact_named_after_the_file(tmp_path):
    csv = tmp_path / "志愿服务台账.csv"
    csv.write_bytes("日期,活动名称,服务人次,服务时长（小时）\n2024-01-06,清扫积雪,12,24\n2024-02-03,\"助老,陪诊\",8,16\n合计,,20,40\n".encode("gbk"))
    built = build_notes([csv])
    assert built.notes.period == "2024年上半年"
    assert [(f.section, f.text) for f in built.notes.facts] == [("志愿服务", "1月至2月共开展活动2场，服务20人次，服务时长40小时，内容涵盖清扫积雪等")]


def test_column_overrides_and_grouping_by_a_named_column(tmp_path):
    csv = tmp_path / "ledger.csv"
    csv.write_text("时间,事项,片区,到场人员数\n2024-03-01,议事协商会,东片,10\n2024-04-01,议事协商会,西片,7\n2024-05-01,楼栋议事会,东片,5\n", encoding="utf-8")
    built = build_notes([csv], columns=parse_column_overrides(["人数=到场人员数"]), group_by="片区")
    assert [(f.section, f.text) for f in built.notes.facts] == [
        ("东片", "3月至5月共开展东片活动2场，参与15人次，内容涵盖议事协商会、楼栋议事会"),
        ("西片", "4月共开展西片活动1场，参与7人次，内容涵盖议事协商会"),
    ]


@pytest.mark.parametrize("item", ["人数", "=到场", "颜色=红", "participants="])
def test_a_bad_column_override_is_one_clear_error(item):
    with pytest.raises(InputError, match="ROLE=HEADER"):
        parse_column_overrides([item])


def test_unreadable_cells_are_left_out_and_recorded(tmp_path):
    csv = tmp_path / "l.csv"
    csv.write_text("日期,活动名称,类别,参与人数\n2024-03-01,义诊,志愿服务,若干\n某天,义剪,志愿服务,9\n", encoding="utf-8")
    built = build_notes([csv])
    assert built.notes.facts[0].text == "3月共开展志愿服务活动2场，参与9人次，内容涵盖义诊、义剪"
    reasons = " ".join(s["reason"] for s in built.provenance["sheets"][0]["skipped_rows"])
    assert "'若干' is not a number" in reasons and "'某天' is not a date" in reasons


def test_a_workbook_with_no_ledger_says_why(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["行标签", "求和项:人数"])
    wb.active.append(["志愿服务", 30])
    wb.save(tmp_path / "pivot.xlsx")
    with pytest.raises(InputError, match="pivot table"):
        build_notes([tmp_path / "pivot.xlsx"])
    wb = Workbook()
    for r in range(5):
        wb.active.append([r, r * 2, r * 3])
    wb.save(tmp_path / "numbers.xlsx")
    with pytest.raises(InputError, match="no header row"):
        build_notes([tmp_path / "numbers.xlsx"])
    wb = Workbook()
    wb.active.append(["类别", "场次", "人数"])
    wb.active.append(["志愿服务", 3, 40])
    wb.save(tmp_path / "summary.xlsx")
    with pytest.raises(InputError, match="summary table"):
        build_notes([tmp_path / "summary.xlsx"])


def test_two_ledgers_give_one_set_of_notes_with_ids_in_order(tmp_path, ledger_xlsx):
    built = build_notes([ledger_xlsx, write_ledger_xls(tmp_path / "走访.xls")])
    assert [f.id for f in built.notes.facts] == ["l1", "l2", "l3", "l4"]
    assert built.notes.facts[-1].section == "走访慰问"
    assert len(built.provenance["sources"]) == 2


def test_a_category_merged_down_its_rows_covers_every_row(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["类别", "日期", "活动名称", "参与人数"])
    ws.append(["志愿服务", "2024.5.1", "义诊", 20])
    ws.append([None, "2024.5.9", "义剪", 12])
    ws.append([None, "2024.6.2", "助浴", "8人"])
    ws.append(["文体活动", "2024.6.8", "合唱", 30])
    ws.merge_cells("A2:A4")
    wb.save(tmp_path / "merged.xlsx")
    texts = [f.text for f in build_notes([tmp_path / "merged.xlsx"]).notes.facts]
    assert texts == ["5月至6月共开展志愿服务活动3场，参与40人次，内容涵盖义诊、义剪、助浴", "6月共开展文体活动1场，参与30人次，内容涵盖合唱"]


def test_a_formula_without_a_saved_value_is_reported_not_summed_as_nothing(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()  # written by a program, never opened in Excel: the formula has no cached value
    ws = wb.active
    ws.append(["日期", "活动名称", "男", "女", "参与人数"])
    ws.append(["2024.5.1", "义诊", 8, 12, 20])
    ws.append(["2024.5.9", "义剪", 5, 7, "=C3+D3"])
    wb.save(tmp_path / "formula.xlsx")
    built = build_notes([tmp_path / "formula.xlsx"])
    assert built.notes.facts[0].text.startswith("5月共开展活动2场，参与20人次")
    assert any("1 cell(s) could not be read" in n and "'=C3+D3' is not a number" in n for n in built.notices)
