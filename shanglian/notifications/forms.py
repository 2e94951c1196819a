from __future__ import annotations

from django import forms

from shanglian.core.forms import CleanForm


class PreferenceForm(CleanForm):
    email_enabled = forms.BooleanField(
        label="站内消息同时发送邮件", required=False, help_text="开启后，每条新的站内消息也会发到下面的邮箱。"
    )
    email = forms.EmailField(
        label="邮箱地址",
        required=False,
        max_length=254,
        error_messages={"invalid": "邮箱地址格式不正确。"},
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("email_enabled") and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "开启邮件通知前请先填写邮箱地址。")
        return data
