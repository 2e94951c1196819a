from shanglian.core.roles import Role
from shanglian.core.testing.factories import user_with_role
from shanglian.core.testing.matrix import register
from shanglian.notifications.models import Notification


@register("notification_id")
def make_notification(owner):
    # A message of a colleague in the owner's chamber: nobody but its recipient may open it, whatever
    # their role (a federation admin administers that user, yet does not read their inbox).
    recipient = user_with_role(Role.CHAMBER_SECRETARY, organization=owner.chamber, name="他方收件人")
    return Notification.objects.create(
        recipient=recipient, title="他方的消息", body="他方内容", link="/", key=f"matrix:{recipient.pk}"
    )
