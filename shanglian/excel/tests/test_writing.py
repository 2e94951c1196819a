import datetime
import io

import openpyxl
import python_calamine

from shanglian.excel.reading import Column
from shanglian.excel.writing import build_template, neutralise, write_xlsx


def test_formula_injection_is_neutralised():
    assert neutralise('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    for bad in ("+1", "-1+2", "@SUM(A1)", "\tx"):
        assert neutralise(bad).startswith("'")
    assert neutralise("青岛") == "青岛"
    data = write_xlsx(
        ["名称", "金额", "日期"], [["=1+1", 12.5, datetime.date(2020, 1, 5)], ["@cmd", -3, None]]
    )
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    assert ws["A2"].value == "'=1+1" and ws["A2"].data_type == "s"  # text, never a formula
    assert ws["A3"].value == "'@cmd"
    assert ws["B3"].value == -3  # numbers stay numbers
    assert ws["C2"].value == datetime.datetime(2020, 1, 5)


def test_template_has_headers_dropdowns_and_example_row():
    long_choices = tuple(f"C{i} 行业{i}" for i in range(13, 44))
    columns = [
        Column("credit_code", "统一社会信用代码", True, example="913702140000000195"),
        Column("scale", "企业规模", choices=("大型", "中型", "小型", "微型"), example="小型"),
        Column("industry", "所属行业", choices=long_choices, example="C34 行业34"),
        Column("founded_on", "成立日期", example=datetime.date(2015, 6, 1)),
    ]
    data = build_template(columns)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["导入数据"]
    assert [c.value for c in ws[1]] == ["*统一社会信用代码", "企业规模", "所属行业", "成立日期"]
    assert ws["B2"].value == "小型"
    validations = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation}
    assert validations["B2:B10001"] == '"大型,中型,小型,微型"'
    assert validations["C2:C10001"].startswith("选项!$A$2")  # long lists live on the hidden sheet
    assert wb["选项"].sheet_state == "hidden"
    assert "填写说明" in wb.sheetnames
    # calamine (our reader) sees the same header
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.get_sheet_by_index(0).to_python()[0][0] == "*统一社会信用代码"
