"""The error report download is named once: `错误报告-<file>.xlsx`, never `.xlsx.xlsx`."""

from shanglian.excel.models import ImportJob


def test_error_report_named_once():
    assert ImportJob(original_name="会员名单.xlsx").error_report_name == "错误报告-会员名单.xlsx"
    assert ImportJob(original_name="v1.2 名单.XLSX").error_report_name == "错误报告-v1.2 名单.xlsx"
    assert ImportJob(original_name="名单").error_report_name == "错误报告-名单.xlsx"
    assert ImportJob(original_name=".xlsx").error_report_name == "错误报告-导入.xlsx"
