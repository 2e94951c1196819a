from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "shanglian.governance"
    label = "governance"
    verbose_name = "法人治理"

    def ready(self):
        # Meetings count as chamber activity for the chambers app's dormant-chamber (僵尸商会) detection.
        from shanglian.chambers import activity
        from shanglian.governance.models import Meeting
        from shanglian.governance.selectors import last_meeting_dates

        activity.register("meetings", last_meeting_dates, model=Meeting, when=lambda m: m.held_on)
