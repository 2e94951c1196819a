from shanglian.core.testing.matrix import register
from shanglian.excel.models import ImportJob, ImportStatus


@register("importjob_id")
def make_import_job(owner):
    return ImportJob.unscoped_objects.create(
        organization=owner.chamber,
        original_name="他方名册.xlsx",
        file="imports/none.xlsx",
        status=ImportStatus.READY,
    )
