from django import forms

from shanglian.core.forms import CleanForm, PhoneField
from shanglian.core.roles import Role, has_capability
from shanglian.orgs.models import Organization

PASSWORD_HINT = "至少 10 位，不能全为数字或过于常见。"


class RoleAssignForm(CleanForm):
    """Role + where it binds; the choices are limited to what the actor may grant."""

    role = forms.ChoiceField(label="角色", choices=Role.choices)
    organization = forms.ModelChoiceField(
        label="所属组织", queryset=Organization.objects.none(), required=False
    )
    enterprise = forms.ModelChoiceField(label="企业（企业用户）", queryset=None, required=False)
    is_legal_representative = forms.BooleanField(
        label="该用户是企业的法定代表人",
        required=False,
        help_text="仅对企业用户有效；须法定代表人审批的问卷由此账号审批。",
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        from shanglian.registry.models import Enterprise

        self.fields["organization"].queryset = Organization.objects.editable_by(actor)
        self.fields["enterprise"].queryset = Enterprise.objects.editable_by(actor).order_by("name")
        if not has_capability(actor, "user.assign_staff_roles"):
            # A chamber secretary opens logins for their member enterprises only.
            self.fields["role"].choices = [(Role.ENTERPRISE_USER, Role.ENTERPRISE_USER.label)]
            del self.fields["organization"]


class UserCreateForm(RoleAssignForm):
    username = forms.CharField(label="用户名", max_length=150)
    name = forms.CharField(label="姓名", max_length=50)
    phone = PhoneField(label="手机号", required=False)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, help_text=PASSWORD_HINT)
    field_order = [
        "username",
        "name",
        "phone",
        "password",
        "role",
        "organization",
        "enterprise",
        "is_legal_representative",
    ]


class UserEditForm(CleanForm):
    name = forms.CharField(label="姓名", max_length=50)
    phone = PhoneField(label="手机号", required=False)


class PasswordResetForm(CleanForm):
    new_password = forms.CharField(label="新密码", widget=forms.PasswordInput, help_text=PASSWORD_HINT)
