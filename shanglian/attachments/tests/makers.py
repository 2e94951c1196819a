from django.core.files.base import ContentFile

from shanglian.attachments.services import attach
from shanglian.attachments.uses import register_use
from shanglian.chambers.models import ChamberProfile
from shanglian.core.access import SYSTEM
from shanglian.core.testing.matrix import register

PDF = b"%PDF-1.4\n" + b"0" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

# Test-only slots on a chamber's profile: any TenantModel owner works the same way.
register_use(
    "tests.profile_pdf", label="测试文件", types={"pdf", "docx", "txt"}, view_capability="chambers.view"
)
register_use(
    "tests.profile_admin_only",
    label="内部文件",
    types={"pdf"},
    view_capability="chambers.configure",
    max_mb=1,
)


def profile_of(chamber):
    return ChamberProfile.unscoped_objects.get_or_create(chamber=chamber)[0]


def make_attachment(chamber, *, use="tests.profile_pdf", name="他方文件.pdf", content=PDF):
    return attach(owner=profile_of(chamber), use=use, upload=ContentFile(content, name=name), actor=SYSTEM)


@register("attachment_id")
def make(owner):
    return make_attachment(owner.chamber)
